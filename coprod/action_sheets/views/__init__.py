"""Pages of the action sheets: for the facilitator `manage` (the sheets of a workshop), `sheet`
(one sheet) and `console` (the console's sheets region); `live` for the phones; `saving` what a
phone and the facilitator's sheet page share when they write a sheet."""
