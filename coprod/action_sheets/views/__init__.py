"""Pages of the action sheets: `manage` for the facilitator (the sheets of a workshop and one
whole sheet); `live` for the phones and the board."""
