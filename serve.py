"""The app as it is served: ``streamlit_app.py`` behind the security headers and the error
handler of ``ui/server.py``. Run it with ``streamlit run serve.py`` (scripts/run_app.sh)."""
import streamlit as st
from starlette.middleware import Middleware

from ui.server import SecurityHeaders, script_error

app = st.App("streamlit_app.py", middleware=[Middleware(SecurityHeaders)],
             on_script_error=script_error)
