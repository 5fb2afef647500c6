"""The map layers, one module each (a class per layer, its assets declared beside it):
provinces, border regions and bands, the choropleth (``activity``), the change map, reported
activity areas, incidents, the heatmap, counter-terrorism meetings, other actors' context and
place names. Layers draw from ``map_runtime``; ``map_page`` assembles them."""
