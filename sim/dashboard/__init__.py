"""The trainer's dashboard (Botsende belangen): a run of the model month by month in the
browser, with the levers, a side-by-side comparison and a seat at the table.

- `arena`: one run as the dashboard shows it (stepping, a seat, views, log, debrief);
- `session`: a browser session's controls and arenas;
- `drawings`: the network, interests and charts laid out once, as shapes (and as SVG);
- `export`: the event log and series as CSV, the view as PNG (the page's drawings);
- `page`: the Solara components and `Page`;
- `assets`: the front end from the npm registry, for machines without a CDN.

Importing this package imports none of them: `partnersim app` hands `PAGE` to Solara.
"""

PAGE = f"{__name__}.page:Page"
"""The Solara page, as `SOLARA_APP` names it."""
