"""Cross-cutting pieces every app uses: the one HTML-cleaning policy, Buddhist-Era dates, /healthz."""
