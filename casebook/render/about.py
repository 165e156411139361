"""The 关于本站 page and the site's one route for corrections and case
recommendations (纠错 / 推荐案例).

The route is `extra.feedback_url` in mkdocs.yml; unset, it is the issue
form of `repo_url`; with neither, links lead to the about page's contact
section, which says that no channel has been published yet.
"""
from __future__ import annotations

from casebook.render.record import Rendered
from casebook.render.view import SiteOptions, View, render_template

ABOUT_URL = "about/"
CONTACT_ANCHOR = "contact"


def feedback_url(configured: str | None, repo_url: str | None) -> str | None:
    """The 纠错 / 推荐案例 route: the configured one, else the repository's issue form."""
    if configured:
        return configured
    if repo_url:
        return repo_url.rstrip("/") + "/issues/new/choose"
    return None


def _about(v: View) -> Rendered:
    html = render_template("about.html", v=v, o=v.options)
    return Rendered(str(html), [("purpose", "本站做什么"), ("publisher", "谁在发布"),
                                ("sources", "内容从哪里来"), (CONTACT_ANCHOR, "纠错与推荐案例")])


def about_page(options: SiteOptions) -> list:
    from casebook.render.pages import PageSpec

    return [PageSpec(ABOUT_URL, "关于本站", _about, hide=("navigation",),
                     description="本站由谁发布、做什么、内容从哪里来，以及如何纠错和推荐案例。")]
