"""The workbench: a local web app over the store where analysts confirm, reject and correct.

``overlays`` (how decisions are laid over the machine's output) needs no web framework and is used by
the pipeline too; ``app`` (FastAPI) is imported only by ``countertrial serve``.
"""
