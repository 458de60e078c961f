"""End-to-end tests: headless Chromium (Playwright) against a real ``archive serve``."""
