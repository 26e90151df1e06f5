"""The Voila layer: everything rollbook changes about how Voila serves the workbook.

Every deviation from stock Voila lives in this package, each with the upstream defect
it works around and the Voila version it was checked against (0.5.13):

- ``launcher``: ``rollbook app``'s Voila application (settings as traitlets config,
  the quiet log, the handler list with the page handler and the Host/Origin checks);
- ``hostcheck``: Host and Origin checks on every HTTP and WebSocket request (standalone
  Voila sets ``allow_remote_access``, so DNS rebinding would reach the app);
- ``guarding``, ``kernel_guard``, ``kernel_limits``: what may pass a page's kernel
  WebSocket, and limits on pages and kernel memory;
- ``kernels``: kernel managers that never lose a reply and cull in parallel;
- ``spare_kernels``: kernels started ahead, with the pages' code imported, so a page
  with someone's data opens without waiting for a new kernel (phones);
- ``page_handler``: the executor, renderer and page handler that always end a page;
- ``webperf``: compression and long-lived caching of static files (phones);
- ``hub``: the same page handler and compression for JupyterHub's per-user servers;
- ``lab``, ``preview``: JupyterLab and the live preview for educators.

``tests/unit/test_serving.py`` and ``tests/unit/test_app_config.py`` fail loudly when
Voila changes the internals these rely on.
"""
