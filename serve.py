"""The app as it is served: ``streamlit_app.py`` behind the team gate (login, in team mode), the
security headers and the error handler of ``ui/server.py``. Run it with
``streamlit run serve.py`` (scripts/run_app.sh). A team server without accounts stops here."""
import streamlit as st
from starlette.middleware import Middleware

from ui.server import SecurityHeaders, script_error
from ui.team_gate import TeamGate, check_can_start
from ui.warm_up import start_warm_up

team = check_can_start() is not None
app = st.App("streamlit_app.py",
             middleware=[Middleware(SecurityHeaders), Middleware(TeamGate, team=team)],
             on_script_error=script_error)
# The server takes readers once it is ready for them: the modules imported and the default
# map's caches filled (3-5 s). Warmed in a thread beside the first visit, the first map took
# 6.7-7.3 s after the server answered (the same work, shared); warmed first, 4.0-5.6 s
# (a browser's first visit; bench/bench_switch.py). Launch to first map is unchanged: the
# work is done before the server answers. A warm-up that hangs delays the start by 60 s at
# most.
start_warm_up().join(timeout=60)
