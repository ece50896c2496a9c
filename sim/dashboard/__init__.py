"""The trainer's dashboard (Botsende belangen): a run of the model month by month in the
browser, with the levers, a side-by-side comparison and a seat at the table.

- `arena`: one run as the dashboard shows it (stepping, a seat, views, log, debrief);
- `session`: a browser session's controls and arenas;
- `drawings`: the network, interests and charts laid out once, as shapes (and as SVG);
- `export`: the event log and series as CSV, the view as PNG (the page's drawings);
- `standing`: where each party stands (at the table, waiting, out, left, rejected);
- `projector`: the projector view for a beamer (large texts, one panel full width);
- `table`: shared tables, one run that several participants join, each at a party;
- `table_view`: the trainer's card of a shared table and the participant's page (`/?table=CODE`);
- `debrief_view`: the debrief screen (from `debrief` and `handout`), its success rates in
  the background and its downloads;
- `picker`: the scenario's description under the scenario menu, and the presets menu;
- `page`: the Solara components and `Page`;
- `assets`: the front end from the npm registry, for machines without a CDN.

Importing this package imports none of them: `partnersim app` hands `PAGE` to Solara.
"""

PAGE = f"{__name__}.page:Page"
"""The Solara page, as `SOLARA_APP` names it."""
