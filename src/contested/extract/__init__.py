"""Extract stage: claims (who says what happened, where and when), claimants and time expressions."""
