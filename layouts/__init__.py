"""What each page looks like: functions of the URL's query parameters, never data access.

Each page's module has a ``layout`` function, which ``dashboard.page_registry`` pairs with the
page's row in the table of pages and registers behind the access guard. ``components`` holds
the pieces pages share (headers, cards, charts, data grids); ``ids`` the component ids.
"""
