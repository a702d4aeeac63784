"""Everything `coprod serve` does beyond a plain uvicorn running `coprod.asgi:application`.

COPROD_SERVER chooses the application (coprod.server.launch):

- "tuned" (default): coprod.server.tuned, HTTP on long-lived request threads
  (request_threads), ready WebSocket frames written straight to uvicorn's connections (frames,
  sockets), Redis clients reused (cache), the garbage collector's long-lived objects frozen,
  and a core per process with COPROD_PIN_CORE=1 (cores);
- "stock": Django's ASGI handler and Channels as they come, nothing private of any library
  touched.

Both modes share the connection settings (launch, protocols). This package is the only one that
reads other libraries' private attributes; importing any of its modules changes nothing (the
tuned application prepares its process when uvicorn builds it).
"""
