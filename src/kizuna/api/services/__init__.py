"""Services: work of the API that spans domains and stores (routers call them; a router
never imports another router)."""
