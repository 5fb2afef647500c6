"""The Streamlit app's own widgets (the app itself is ``streamlit_app.py``)."""
