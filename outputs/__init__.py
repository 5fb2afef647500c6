"""What leaves the product: the interactive offline HTML file and its command line
(``export``, ``page``, ``sources_panel``, side by side in ``compare``), slides and pages as PNG,
PDF and PowerPoint (``print_layout``, rendered in headless Chromium by ``chromium``), GIS files
for QGIS and Google Earth (``gis_files``), and writing files safely (``files``)."""
