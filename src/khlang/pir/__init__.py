"""Post-Implementation Reviews (สงพท.-03): due six months after go-live, scored from satisfaction surveys."""
