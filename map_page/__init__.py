"""The map page: a view (``assembly.MapView``) assembled from the layers with its legend and
title (``legend``), timeline (``timeline``), in-page date, attribution and actor filter
(``date_filter``), the view as link parameters (``view_state``) and the app's live map whose
window and filters change in place (``live_map``)."""
