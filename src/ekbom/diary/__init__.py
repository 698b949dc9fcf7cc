"""The diary's use cases, shared by the command line and the web app (neither imports the other).

- `assess`: the assessment of the diary on a day (`ekbom assess --diary`, the report);
- `snapshot`: what the diary says on a day (the profile, and the data the analysis reads);
- `analysis`: the diary read from the store for the trend, "did it help?" and the report;
- `entries`: saving an entry with the rules that need the engine (a same-day serum iron and
  TIBC must give a possible transferrin saturation).

The diary sits between the core (engine, knowledge, profile, diary_analysis) and the store below,
and the shells (cli, web) above; see docs/architecture.md.
"""
