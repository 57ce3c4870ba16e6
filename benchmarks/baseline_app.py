"""The floor for the browser timings: a Streamlit page with one Plotly figure and nothing of ours —
what Streamlit itself costs from a visit to a drawn chart (benchmarks/browser_steps.py)."""

import plotly.graph_objects as go
import streamlit as st

st.title("Baseline")
st.plotly_chart(go.Figure(go.Scatter(x=[2020, 2021, 2022], y=[1, 3, 2])), width="stretch")
