"""Texts shown on joining: the aviso de privacidad and the code of conduct.

The data controller's name is a setting (``COCREA_DATA_CONTROLLER``): the
names of Mexico's transparency bodies change, so none is hard-coded.
"""

from __future__ import annotations

import hashlib

from workshops.workshop import NoticeVersions

PRIVACY_NOTICE = {
    "es": (
        "Aviso de privacidad simplificado. {controller} es responsable del tratamiento de los datos "
        "que proporcionas al unirte a esta mesa: tu nombre, tu sector y, si lo indicas, tu organización. "
        "Los usamos únicamente para registrar tu participación en la mesa de cocreación (lista de "
        "asistencia por sector, relatoría y seguimiento del Plan de Acción). Tu nombre es visible para "
        "las demás personas de la mesa; en los documentos públicos la asistencia se informa por sector. "
        "No se transfieren a terceros salvo obligación legal. Base legal: {legal_basis}. Puedes ejercer "
        "tus derechos ARCO ante el responsable."
    ),
    "en": (
        "Short privacy notice. {controller} is responsible for the data you give when joining this "
        "workshop: your name, your sector and, if you say, your organization. It is used only to record "
        "your participation in the co-creation workshop (attendance by sector, minutes and follow-up of "
        "the Action Plan). Your name is visible to the other people in the workshop; public documents "
        "report attendance by sector. It is not shared with third parties unless the law requires it. "
        "Legal basis: {legal_basis}. You may exercise your ARCO rights before the controller."
    ),
}

CODE_OF_CONDUCT = {
    "es": (
        "Código de conducta. Participamos con respeto, escuchamos todas las voces y cuidamos el "
        "equilibrio entre sectores. Debatimos ideas, no personas. Buscamos el consenso; cuando no se "
        "alcanza tras una discusión amplia, decidimos por mayoría. La persona facilitadora modera con "
        "voz pero sin voto."
    ),
    "en": (
        "Code of conduct. We take part with respect, listen to every voice and keep the balance between "
        "sectors. We debate ideas, not people. We seek consensus; when it is not reached after broad "
        "discussion, we decide by majority. The facilitator moderates with a voice but no vote."
    ),
}


def privacy_notice(lang: str, controller: str, legal_basis: str) -> str:
    return PRIVACY_NOTICE[lang].format(controller=controller, legal_basis=legal_basis)


def code_of_conduct(lang: str) -> str:
    return CODE_OF_CONDUCT[lang]


def _version(texts: list[str]) -> str:
    return hashlib.blake2b("\n".join(texts).encode(), digest_size=6).hexdigest()


def notice_versions(controller: str, legal_basis: str) -> NoticeVersions:
    """The versions a person accepts on joining: a digest of the texts they
    are shown (both languages, with this deployment's controller and legal
    basis), so any change to a text is a new version."""
    return NoticeVersions(
        privacy_notice=_version([privacy_notice(lang, controller, legal_basis) for lang in sorted(PRIVACY_NOTICE)]),
        code_of_conduct=_version([code_of_conduct(lang) for lang in sorted(CODE_OF_CONDUCT)]),
    )
