"""`psg --share`: remote members follow the chair's screen in a browser.

The dashboard (`psg_tui.app.sharing`) builds what followers may see from what its screen
already holds and hands it to the `Hub`; the web server here (Starlette on uvicorn, on a thread
of its own) only serves it. Nothing here opens the database or imports Textual.
"""
