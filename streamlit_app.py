"""Streamlit UI for the map of reported ISKP activity. UI only: logic lives in geo/ and layers/."""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from layers.assets import install_static
from layers.map import DEFAULT_LAYERS, LAYER_TITLES, MapView, build_map

install_static(Path(__file__).parent / "static" / "vendor")
st.set_page_config(page_title="ISKP activity map", layout="wide")

st.sidebar.header("Layers")
chosen = [lid for lid in LAYER_TITLES
          if st.sidebar.checkbox(LAYER_TITLES[lid], value=lid in DEFAULT_LAYERS, key=f"layer_{lid}")]

st.title("Reported ISKP activity: Afghanistan and its border regions")
st_folium(build_map(MapView(layers=tuple(chosen))), height=640, use_container_width=True,
          returned_objects=[], key="map")
