"""承接 whose receiver or target is not written in the cue's clause: a park placed at a town
(该园区设在某镇境内，已吸引…), a target left out (…，乙公司也已落户), a firm setting up in a place
(在某县设立分公司), a town written with its county: each on sentences written for the test (made-up
firms and parks, real region names)."""

from __future__ import annotations

from sentences import run, taken_in


def test_a_park_placed_at_a_town_attracts_what_its_next_clause_names() -> None:
    ex = run(
        "涞水县承接平台建设要点\n"
        "1.涞水翊澜新材料产业园。该园区设在义安镇境内，已吸引北京砚禾新材料有限公司投资建设中试基地。"
    )
    assert taken_in(ex) == {("涞水翊澜新材料产业园", "北京砚禾新材料有限公司")}
    ex = run(
        "涞水县承接平台建设要点\n"
        "1.涞水翊澜新材料产业园。园区位于义安镇东部，今年已引进天津青岚化工有限公司。"
    )
    assert taken_in(ex) == {("涞水翊澜新材料产业园", "天津青岚化工有限公司")}
