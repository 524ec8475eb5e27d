"""Render local pages in the system's headless Chromium through Playwright's sync API.

Playwright never downloads a browser here: it drives Debian's /usr/bin/chromium. When that
is missing the caller gets MissingBrowser with the command that installs it — a test that
needs a browser fails rather than skips, so a green run always means the pages were seen.
Pages are opened from file:// URLs with every other request blocked and recorded, so a
page that tries to reach the network is caught rather than silently served.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, Playwright, Request, Route, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


class MissingBrowser(RuntimeError):
    """The system Chromium the tests render with is not installed."""


def require_chromium() -> Path:
    """The Chromium executable, or MissingBrowser saying how to install it."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        raise MissingBrowser(
            f"{CHROMIUM} not found: browser tests render pages in the system Chromium. "
            "Install it with: apt-get install -y chromium fonts-thai-tlwg"
        )
    return CHROMIUM


@dataclass
class OpenedPage:
    """A loaded page with what it did while loading and since: dialogs, requests, errors."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def visible_count(self, selector: str) -> int:
        """How many elements matching selector are visible now."""
        return self.page.locator(f"{selector} >> visible=true").count()

    def fonts_used(self, selector: str) -> list[str]:
        """Font families Chromium actually drew the first match's text with (Thai tofu shows here)."""
        cdp = self.page.context.new_cdp_session(self.page)
        try:
            root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            if not node:
                raise LookupError(f"no element matches {selector!r}")
            cdp.send("CSS.enable")
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            return [font["familyName"] for font in fonts]
        finally:
            cdp.detach()


class Browser:
    """One headless Chromium for a group of tests: `with Browser() as b: b.open(path)`."""

    def __init__(self, viewport: tuple[int, int] = (1366, 900), scale: float = 1) -> None:
        self.viewport = {"width": viewport[0], "height": viewport[1]}
        self.scale = scale
        self._playwright: Playwright | None = None
        self._browser = None

    def __enter__(self) -> Browser:
        executable = require_chromium()
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=str(executable), args=LAUNCH_ARGS, headless=True
            )
        except BaseException:
            self._playwright.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()

    def open(self, path: Path) -> OpenedPage:
        """Load a local HTML file; dialogs are recorded and dismissed, network requests blocked."""
        opened = self.new_page(offline=True)
        opened.page.goto(Path(path).resolve().as_uri(), wait_until="load")
        return opened

    def new_page(self, origin: str | None = None, offline: bool = False,
                 viewport: tuple[int, int] | None = None) -> OpenedPage:
        """A fresh page (own cookies); only file:/data: URLs and `origin` (a local server) may load."""
        if self._browser is None:
            raise RuntimeError("use Browser as a context manager")
        size = {"width": viewport[0], "height": viewport[1]} if viewport else self.viewport
        context = self._browser.new_context(
            viewport=size, device_scale_factor=self.scale, locale="th-TH", timezone_id="Asia/Bangkok", offline=offline
        )
        page = context.new_page()
        opened = OpenedPage(page)
        allowed = _LOCAL_SCHEMES + ((origin.rstrip("/") + "/",) if origin else ())

        def on_dialog(dialog) -> None:
            opened.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        def on_route(route: Route, request: Request) -> None:
            if request.url.startswith(allowed):
                route.continue_()
            else:
                opened.blocked_requests.append(request.url)
                route.abort()

        def on_request(request: Request) -> None:
            if not request.url.startswith(allowed) and request.url not in opened.blocked_requests:
                opened.blocked_requests.append(request.url)

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None)
        page.on("request", on_request)
        page.route("**/*", on_route)
        return opened

    def screenshot(self, path: Path, out: Path, full_page: bool = True) -> Path:
        """Render a local page to a PNG, for a person to look at."""
        opened = self.open(path)
        try:
            opened.page.screenshot(path=str(out), full_page=full_page)
        finally:
            opened.page.context.close()
        return out
