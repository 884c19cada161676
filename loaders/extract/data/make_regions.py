"""Generate regions.tsv (China's provinces, cities and counties with parents and short forms)
from jionlp's location dictionary. Run once at development time; runtime reads only the TSV.

    python loaders/extract/data/make_regions.py > loaders/extract/data/regions.tsv
"""

from __future__ import annotations

import sys


def _short(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return value[0] if value else ""
    return str(value or "")


def main() -> None:
    from jionlp.dictionary.dictionary_loader import china_location_loader

    data = china_location_loader(detail=False)
    out = sys.stdout
    out.write("name\tlevel\tparent\tprovince\tshort\n")
    for prov, pinfo in data.items():
        pshort = _short(pinfo.get("_alias"))
        out.write(f"{prov}\tprovince\t\t{prov}\t{pshort}\n")
        for city, cinfo in pinfo.items():
            if city.startswith("_"):
                continue
            cshort = _short(cinfo.get("_alias"))
            out.write(f"{city}\tcity\t{prov}\t{prov}\t{cshort}\n")
            for county, kinfo in cinfo.items():
                if county.startswith("_"):
                    continue
                kshort = _short(kinfo.get("_alias") if isinstance(kinfo, dict) else kinfo)
                out.write(f"{county}\tcounty\t{city}\t{prov}\t{kshort}\n")


if __name__ == "__main__":
    main()
