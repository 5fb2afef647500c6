"""What every map page is built from, below the layers: elements that keep a user's text as
text (``base``), the vendored Leaflet assets and the project's own runtime JS (``assets``,
``js/``, ``vendor/``), colours (``style``), and the geometry and records embedded once per
page for every layer to draw (``geodata``, ``activity_data``)."""
