"""The one place every figure of the portal comes from: dashboard, API and reports alike."""
