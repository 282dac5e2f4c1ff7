"""``create_app(settings)``: the Starlette application and its lifespan."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import Mount, WebSocketRoute

from . import (
    api,
    api_assessment,
    api_details,
    api_displays,
    api_export,
    api_follow_up,
    api_minuta,
    api_moderation,
    api_plans,
    api_public_plan,
    api_roadmap,
    api_tree,
    api_voting,
    pages,
)
from .alternatives import Alternatives
from .assessment import Assessments
from .auth import Sessions
from .body_limits import BodyLimit
from .commitments import Commitments
from .compression import Compression, DistFiles
from .errors import EXCEPTION_HANDLERS, UnhandledErrors
from .follow_up import FollowUp
from .hosts import AllowedHosts
from .ideation import Ideation
from .minuta_seal import MinutaService
from .moderation import Moderation
from .plan_live import PlanLiveChannel, PlanLiveStore, plan_live_endpoint
from .plans import Plans
from .public_cache import PublicCache
from .rate_limit import RateLimits
from .render_pool import RenderPool
from .response_headers import ResponseHeaders
from .revocation import RevocationListener
from .roadmap import Roadmaps
from .services import Services
from .settings import Settings
from .storage import Store, open_store
from .sync.endpoint import sync_endpoint
from .sync.manager import RoomManager
from .voting import Voting

log = logging.getLogger(__name__)

STATIC_DIST = Path(__file__).parent.parent / "static" / "dist"


class Cocrea:
    """Everything the routes share, built in the lifespan."""

    def __init__(self, settings: Settings, store: Store, sessions: Sessions, lan_url: str = "") -> None:
        self.settings = settings
        # Listening on every interface for a room on a local network: links
        # for phones use the machine's LAN address (server/lan.py).
        self.lan_url = lan_url
        self.store = store
        self.rooms = RoomManager(store, settings)
        self.services = Services(store, sessions, self.rooms)
        # Every write of a plan or its follow-up through ``self.store`` is
        # pushed to the plan's ``live`` document (server/plan_live.py).
        self.plan_live = PlanLiveChannel(self.rooms)
        self.store = PlanLiveStore(store, self.plan_live)
        self.ideation = Ideation(self.services)
        self.moderation = Moderation(self.services)
        self.alternatives = Alternatives(self.services)
        self.voting = Voting(self.services, self.alternatives)
        self.assessment = Assessments(self.services, self.alternatives)
        self.commitments = Commitments(self.services)
        self.minuta = MinutaService(self.services, self.voting, self.commitments)
        RevocationListener(self.services)
        self.roadmaps = Roadmaps(self.services)
        self.renders = RenderPool(settings.render_workers, settings.render_queue, settings.render_timeout_seconds)
        # Public outputs of published plans, kept while the plan is unchanged.
        self.public_outputs: PublicCache[tuple[bytes, str, dict[str, str]]] = PublicCache(lambda kept: len(kept[0]))
        self.plans = Plans(self)
        self.follow_up = FollowUp(self)
        self.allowed_origins = {o.strip() for o in settings.allowed_origins.split(",") if o.strip()}
        bridge = self.rooms.bridge
        self.rate_limits = RateLimits(settings, *((bridge.redis, bridge.prefix) if bridge is not None else ()))

    def public_url(self, request: Request, path: str) -> str:
        base = self.settings.public_url.rstrip("/") or self.lan_url or str(request.base_url).rstrip("/")
        return base + path


async def _seed_demo(cocrea: Cocrea, settings: Settings, listen_url: str, lan_url: str = "") -> None:
    """The demo mesas of `make run`, and how to enter them."""
    from .demo import ensure_demo, ensure_follow_up_demo, ensure_roadmap_demo
    from .follow_up_state import PUBLIC_PAGE

    demo = await ensure_demo(cocrea.services)
    later = await ensure_roadmap_demo(cocrea)
    followed = await ensure_follow_up_demo(cocrea)
    base = settings.public_url.rstrip("/") or lan_url or listen_url
    where = f"Los teléfonos de la red local usan {lan_url}\n" if lan_url and not settings.public_url else ""
    print(
        f"\n{where}Taller de demostración «Cultura de Gobierno Abierto» (árbol de problemas)\n"
        f"  Facilitación (privado): {base}/w/{demo.workshop_id}?key={demo.facilitator_token}\n"
        f"  Participantes:          {base}/j/{demo.join_code}\n"
        f"Mesa de demostración «Municipios abiertos» (hoja de ruta y Plan de Acción)\n"
        f"  Facilitación (privado): {base}/w/{later.workshop_id}?key={later.facilitator_token}\n"
        f"  Participantes:          {base}/j/{later.join_code}\n"
        f"Plan de Acción publicado, con su seguimiento (tablero público)\n"
        f"  Página pública:         {base}{PUBLIC_PAGE.format(plan_id=followed.plan_id)}\n"
        f"  Edición (privado):      {base}/planes/{followed.plan_id}?clave={followed.editor_token}\n",
        flush=True,
    )


def create_app(
    settings: Settings | None = None, *, listen_url: str = "http://127.0.0.1:8000", lan_url: str = ""
) -> Starlette:
    """``listen_url``: where this process listens (the demo's banner names it);
    ``lan_url``: the base of links for phones on the local network (server/lan.py)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store = open_store(settings.database_url)
        await store.open()
        secret = settings.secret_key or await store.get_or_create_secret(secrets.token_urlsafe(32))
        cocrea = Cocrea(settings, store, Sessions(secret), lan_url)
        app.state.cocrea = cocrea
        try:
            async with anyio.create_task_group() as tg:
                await tg.start(cocrea.rooms.run)
                if settings.smtp_url:
                    from .reminders import run_reminders

                    await tg.start(run_reminders, cocrea)
                if settings.seed_demo:
                    await _seed_demo(cocrea, settings, listen_url, lan_url)
                try:
                    yield
                finally:
                    await cocrea.rooms.shutdown()
                    tg.cancel_scope.cancel()
        finally:
            await store.close()

    routes = [
        *api.routes,
        *api_details.routes,
        *api_tree.routes,
        *api_voting.routes,
        *api_minuta.routes,
        *api_moderation.routes,
        *api_assessment.routes,
        *api_roadmap.routes,
        *api_plans.routes,
        *api_export.routes,
        *api_follow_up.routes,
        *api_public_plan.routes,
        *api_displays.routes,
        *pages.routes,
        WebSocketRoute("/ws/plans/{plan_id}/live", plan_live_endpoint),
        WebSocketRoute("/ws/{workshop_id}/{artifact}", sync_endpoint),
        Mount("/static/dist", DistFiles(directory=STATIC_DIST, check_dir=False), name="static"),
    ]
    middleware = [
        # Outermost first: headers on every answer, HTML and JSON compressed,
        # any unhandled error as JSON, bodies bounded before anything reads
        # them, then the Host check.
        Middleware(ResponseHeaders),
        Middleware(Compression),
        Middleware(UnhandledErrors),
        Middleware(BodyLimit),
        Middleware(AllowedHosts, settings=settings, lan_url=lan_url),
    ]
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=middleware,
    )
