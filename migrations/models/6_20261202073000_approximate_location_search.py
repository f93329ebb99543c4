from tortoise import BaseDBAsyncClient

from models.location import approximate_location

RUN_IN_TRANSACTION = True

# After 5_*_booking_nights_invariant (aerich applies migrations in number order).


async def fill_approximate_points(db: BaseDBAsyncClient) -> int:
    """Store every located listing's approximate point, computed by the app's own rule (an HMAC
    with the server secret, which PostgreSQL cannot compute): one round trip for all rows."""
    rows = await db.execute_query_dict(
        'SELECT "id", "latitude", "longitude" FROM "listings" '
        'WHERE "latitude" IS NOT NULL AND "longitude" IS NOT NULL'
    )
    points = [approximate_location(r["id"], r["latitude"], r["longitude"]) for r in rows]
    await db.execute_query(
        'UPDATE "listings" l SET "approx_latitude" = v.lat, "approx_longitude" = v.lon '
        "FROM unnest($1::uuid[], $2::float8[], $3::float8[]) AS v(id, lat, lon) WHERE l.id = v.id",
        [[r["id"] for r in rows], [p[0] for p in points], [p[1] for p in points]],
    )
    return len(rows)


async def upgrade(db: BaseDBAsyncClient) -> str:
    # Search filters and sorts by the approximate point a listing shows, never the exact one
    # (models.location): bisecting map boxes or comparing distance orderings found the exact point.
    await db.execute_script(
        'ALTER TABLE "listings" ADD COLUMN "approx_latitude" DOUBLE PRECISION, '
        'ADD COLUMN "approx_longitude" DOUBLE PRECISION;'
    )
    await fill_approximate_points(db)
    return """
-- A located listing always has its approximate point: a writer that forgot it (raw SQL, COPY)
-- is refused rather than silently missing from every map search.
ALTER TABLE "listings" ADD CONSTRAINT "listings_approx_location_ck" CHECK (
    ("latitude" IS NULL OR "longitude" IS NULL) = ("approx_latitude" IS NULL OR "approx_longitude" IS NULL));
DROP INDEX IF EXISTS "listings_published_geo";
CREATE INDEX "listings_published_approx_geo" ON "listings" ("approx_latitude", "approx_longitude")
    WHERE "status" = 'published' AND "deleted_at" IS NULL;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP INDEX IF EXISTS "listings_published_approx_geo";
CREATE INDEX IF NOT EXISTS "listings_published_geo" ON "listings" ("latitude", "longitude")
    WHERE "status" = 'published' AND "deleted_at" IS NULL;
ALTER TABLE "listings" DROP CONSTRAINT IF EXISTS "listings_approx_location_ck";
ALTER TABLE "listings" DROP COLUMN IF EXISTS "approx_latitude", DROP COLUMN IF EXISTS "approx_longitude";"""


MODELS_STATE = (
    "eJztXXtz4ji2/yoq/tl0XaZv3t1LbW0VSehudghkgMyrM+UWtgi+MRZjm6TZ3fnuV5If+C"
    "EbyxhiHFVtzXZsHQG/o8d5n/805lhDhv2+rap4aTpj/ITMRgv8p2HCOSL/4L5vggZcLNZv"
    "6QMHTgxGAN2RikOHsldwYjsWVB3ydgoNG5FHGrJVS184Oqaf1hjp5qOBfljaCKA51A2kAU"
    "YOjtif4BlZ+lRXIR3fBAto2y/Y0oCFbOS8awLbwRYhmUF7hrT39CM1rJLPJLPuZPalqf+5"
    "ROQXPiJnhizyGV//II91U0Pfke3/uXhSpjoytAicukYnYM8VZ7Vgz+7vuzef2Ej6zSeKio"
    "3l3FyPXqycGTaD4culrr2nNPTdIzKRBR2khcA1l4bhccN/5H5j8sCxlij4qtr6gYamcGlQ"
    "FjX+MV2aKsUCsE+i/zn/p/fVQsMUpT8YK6POWFEaCY7SrxBjg/dIxSZdDbrpUKD+85c77x"
    "oQ9rRBP+D6S3t4dHb5jkGAbefRYi8ZXI2/GCF0oEvKQF+jvFhahAIlob6eQatjLucM7i75"
    "JtBUUQL2EHkMe/LVi6DuP1jDvt4IPqA+ZPlBbvzcGXY//aZ0btvdXstdxiuFrekHc9ihVH"
    "ft0eiXwfCm5a5mxV/c8T3CZ05jDr8rBjIfnRn58+w0g1k/t4cuv04ZvzDZ7+5x0PfenLJX"
    "lG1rNrFdqNCNxecUf1NEqcph0OZtIc6e3HsgCvPleQ6YL89TYaavojCrFqJQKNBJwnxD3j"
    "j6HPGhjlLGoNY80vf+P6qzM/JDT36gNjCNlcfyDOjH3dvOaNy+vaMfN7ftPw2GX3vcoW9O"
    "2dNV7OnRZYxNwSTgl+74C6B/gt8H/U78jAvGjX9v0O8Elw5WTPyiQC20Ov2nPmoRrqPvC5"
    "3MVoDrUcoacv1AuOxjkslmItUU2dkhshIY7K1Hyd+d8NdSxKTGEEmZomN1mbpBUqTC+PSJ"
    "KyhSqJLQfiICv/5o/ohWCTkxBqinHd170xwmpOun661swZdAewkvKPLbyS9GjiujtUfX7Z"
    "tOgyE8gerTC7Q0JQI1fYNPcexJMDb5an46jz+BJnxk4NBfQb+zh/oQqZgIvatr8meDo7NG"
    "3jezdFbLG0mgIFDm0lnTQZbaYQX2fDNDO6RMFtY6IkRS6diodEi5RMolUi6RcsmblEumhN"
    "GzVFt65P0GuYSNFLKlD0wE8AISRgKP3LV2vwdD7DAbN5jDJ2QDCNQZARfgKSByyrxFHkzh"
    "XDdW4AiTOWxk22Twu6Q9fSefIKWmCpxIWVKTyznBIz9CtNtDf5/C0zYIS/O3NH9X5aKV5m"
    "9p/q4sl6X5W/KXHFDP5L4rwuIopeRylbmsL0QkIHf0/iIzGrsS1Pdgg7MUoqOanM2TDm+U"
    "qnYwnx0f54ljOT5OD2Sh7zhIS2uYtIZJa1jcGsZQ51jBfG6kW7/oD5LOuJqblVi4osj1FB"
    "DUzvRxepFHAiCjUm8m9i56M/kRn8J2pgRhlUNhCyN+kQvxiwzEL+KIT3XLdhT2lwDcUaoa"
    "Yn2SS+46yZC7TpJylwELQB0hqp18uxOcFwQjIYwDgkL4VkzV3nUcPHwmt6OlLC2hizBKVT"
    "+cL3It5IuMhXyRXMgTHScxHqPvDh9jb3gNDoksc1Hn13HEUuQjeHTb/vVdxFrUG/Q/+8ND"
    "iF/3BleJk9l8XBKNwE7C3bYsuEo7mkNUMdQN3XZ2Bvtakp4sdcPRTfs9/bzXEKYpvl//SI"
    "hxK7x0FHVpWchUV2KCXIK0fofFWZ4zOf1Ijh8Tuq3MsM0xm11hbCBopuiAa6oYwhNCtqu1"
    "GzzZ7zK9Ggx6kVPjqhs/Fu5vrzpE1GCwk0G6a4/o9sdJtKE2101xuAMyibcg3uSwe+ZIdB"
    "sBD+j2iLivkh8s4Mxmobh5xoWcWdwJpE+ryj4tBzsLxUaqhYS8LzGy+t3U5bu5nBesTMnB"
    "hC0FmRSCIjssdRK5yyq/y5hBx3YQx4t8pT92zRTlLkkb47Vu5lE4KsZd8nXJ//3w99PTs7"
    "MPp8dnlx8vzj98uPh4/JGMZV84+epD1jXY/UwvtAiHkzecDLJLZ0h9g+yWC60g16OUkutV"
    "4Trn0GXfPuGdT3cmh+yaiVJAscPZo//04xAZLHGAsxhSChAd2HJIc+LHgt3iaajF8Yonv9"
    "YTr3h6zDZ4RZNy6ogXtWiSSbZEqufOUleQyBSLLRG6wvipxgjRUlLWM8NAApUF1MT9eUSd"
    "t/Rtz3MPqlEwVR0BW8DVHFGCraC6c2epOUjKHJEfr5WD1S2bq8aI4WUJq4pMUieIdhn12S"
    "arSneo8pMsJeq9amZWEWWD9KoVY8lISuDFfx5+TOJ5nhiM8/QQjHMvAiM9AFQ0eqvGIXIf"
    "84D9MR3sj4lwF5VA8YgtoXiBME0NQS5rRYcOChVzXNcZR4XKvWckuD64AsamXd5h15D8Lg"
    "1a19icGjq7fhKXWWJM5q2meqPpZcyG56zp0TaBPl9gi6wKgJ6JvAacGXQAWVKGToaCF92Z"
    "AQiGGNsO8LQO8nPIUAuQb2PohI5ag4DuJMt5lD0558r92pgixDaCqT/OGEjsk5QluTb/kA"
    "kZVUrICDiUNOenXMg+QZYV/wBPtgx4qRU+HuIRrGeBmyBCVIMg0z1kV9jL+RyKCTQhEolx"
    "How15CC1mF8vRiode1Vx7OVx59JLWrTA05pEZjHHQ+BdR4kgolEqCWp2argvV26ZGu6L8Z"
    "+86Q4T2o0p4qHdyk8R5yzfEtCtn8cwDmx001Yp/T6ysjMUWH/l51Be6SoSUFzJJ4D7Yc+r"
    "Agls8vlghsl/iJYETUx1RFon0jQRYUCgiRKsMZgYWH0ifzAVw+arruVOz1VeQzuBZttJhb"
    "VaCmvlDciHnPkrmJS6TTZq1Q7/mKZ1nAteOixd1zpOSWG3V+QCLaJvJallvHp1QieTKpYX"
    "bg6dJccdvaFkwZpsj0fXgtz53t23jxMs1wGWcX5xdxeyLMwpILUB7oCqdhfFTjLrZQZAOv"
    "r1NRlJG8fubRxSEd+XIh7uERRy0BYPGuO5h2uCfOQYcDXo7bDq+37Eg5RO9xte529kjkEn"
    "tMfTbTnhTICdRtd9bdCKGN52DF30f0ijyasaTRzdMYSsJgFBDVX7k9NcesdphuJxmpCHw9"
    "8sgXN6xakYWQ10jyxpdxeVp2xjyZGVMsIDvPG1i909ucy1rC8zlvVlshKghRfIclYuTlyY"
    "O+ZynhBII5AnJtnjMocLaDl+fogAExrtu/ZwfNvpj1sgmOPB/DK4H3VaYIaXNnowf+72eu"
    "0WeNbJl3wwR+P7m+6gBWxnqen4wewNPhFiA08J3XX7qttvARVOdJP8NRiP25/JPCp2HHLl"
    "P5if74lq5k3+uES2433CePBL33vs4BfTe3p13//c7g1+aYHJ0nyEBn4hI7v935Qvg1s6Uj"
    "dXCnWKPJif2sNbhSh9v1FwrDk1Kq0I/aBNvtkEQ/LN7vvdn+473hjvhqej4t6XfEbTXCbT"
    "DINpfP1ZGM+3WnuRCfa47shq0S2kLAwYfKncS48suu6wo9z12teEm+GZHsy7Yffn9rijDA"
    "eD2xZYWPoz+eYK/ZVkARIQOzfeK5vAQ4Qv+qYarISaRgQWITtoiKQGN+MeQrlMRLSqCbZm"
    "GAtFJsbpaof2TpxlqpfXlDvVwhsv0c2DroUeucJ0Or5rColwrvVLS2wIZgutSWqHcZ5Cz+"
    "l1nhNlnuluV56Q8Anh0+wK36SB44CXcPjiEgWbR1u7Rb2jOvyOTpQcjlD+ySBKRZqXdU0U"
    "g3lKqQ7WFsxNGRncX/U64G7Yue6OuoN+1JPHXtJH6yqiw067F0cZm48FYA5TSZxz4AwXCw"
    "uTLVNkUXNoJeYCmBda4jxiiXoO1GlAhfJvwd4eEaI93o/34+v9XJHll6il0zMrHsfaMZpD"
    "w0gtUhqlLFSgtBDaJ7tC2i1Penb64TIoSEr/yCpBOrpt93rJmqMTpFFjljCkYbr9AXp8EI"
    "AWAVOuzASQ0JmlLM0bpOoE0BQww3TxQDiX8L03waGhm3WRkQuM4Hh01oxX0g9XjIiJC+H6"
    "QFGEM9rLRKhke5lIpVZk2/pEN7gWzCxI45QS1jWszDunWEuDt07TYwBiZDUwQew7BkCdIf"
    "VJ0U1larnertz2tjjhHsE/uWgdH+9Hws3jaUr3MyW8TAFqS9MR6+aapKxfx4udgE1bevnh"
    "8GJghyn3ubpPDnV16yyUwFFo7aMk3Nkdk2Kksk2VQNekOTkW0gKLNyjNEUqpmsQsEQVBjV"
    "DuD9Szy4vqw6rSWCPDDXFXFtjQ03o0bg5QSplqj0c1DRi3vKJdImFKn3qdX7tXvQ6Z1EDf"
    "dfIVHszbwU1n2B6TZ/6sNC5u2L0e07g4y8uJeP1gpCKdNbduqVnQDjq62c89WnJTTXZ4GC"
    "tlQbjOkVtSD54EXW2Mdqcn5x/OP55dngfHT/Ak6wziHD9UBKF5T1MkgmycTAIbB/YFoSey"
    "9DTddlvZLFROemv2vZkyRW2wLkUqwaYz2xLntDkk0OHkiIzSA5tFk1epQKBZcCocrH8zbN"
    "NYe0b7YN7dX/W6oy+dmxZYLCeGbs+QRgPdycMxfbg0qdmQPhvdj+46/Rv60F7atPiBWxap"
    "AgKKX37J8VsU5RZTEpT7SnUJGWi97EQ/8fD9Pww4n2jwnzuz1e7apRsspAIVD+K0smZLlW"
    "u2uCnkxaqhhikll6vMZVm/JP0orW/9EtnBtG5c52z2RLmKUE2CKMvTCw2ESGS9mux6NRSq"
    "JLTCxWrubXSIpQXyVqoJLahImZphxzWP5qxTw+0oEvNQyYI1iRMgWcx2e8xqVjw6qu3MsI"
    "PLaRx7R6eqK077LIR0kADZCNrYhIZCf9iWQI28uYYH3WAmVw9Z2WhXNtqtfj0y92hPL0oW"
    "HP0bK5Mp6wtnx/XJYrUosa2zaWWBst3rEE2QXqAsYEQC62wvUJhOen4iEm9KLbIsx0Gd6p"
    "DFYhtypUGfZaRBnyXToHWboPeMOLWms6MEQ2QyQlAgQvAAvZkLC7OECeGS6o274eC6Mxp1"
    "+59pmSd/lgdz2Gnf/NYC1Fq3ovW9uj3qvZxC3SjmujzJU/biJL3uxUmi8MVyYWAoXI0hSl"
    "XDspOneRtKZPWTiGONLf1Rp/qVINpxuvqF4e8EbgNaj0gU6wiRBDoX0DaV+kSBjhBJoHMB"
    "/aJrZPIEyOnhbf74QtJ21fAtOXxwhvjdlFPRXBNIOJNwCjdyqW8Pl53oLzIGIh39w/SGyx"
    "4u1fCJyx4udWim6nrmOPbtwGWXbtheewZztE11W5ICZwYdoNvAxA6YWgi1gFucGxx5GDXd"
    "ge/AHD4hG9y5a3L0Uw9YaLq0EYDARgRwDagG1OecDqq7/KRNzVTZjNu1U73SH1NlKe7JxJ"
    "GjvDW4nc1991LU309Pz84+nB6fXX68OP/w4eLjcSBOJV9lyVVX3c9UtIpcN76sldFmlS/J"
    "UrEgI21rkzRwuMcYD1l6m8dEqifyLYsaKH3aKtu+Gle9wfWP1OLodVN+MLu3d4Mhy6vw2y"
    "3TBgMDdxDGTwXNkqX3hvS9xmJyT5RqC7mnYrraNm48qUG8bQ2CBtEJbqMQidxDf0l9TOpj"
    "B62PxU+DEoAVDKut5lGwEdzQOVglTXeEoKXOepjbYnL9spml8dpsmGLgnH0mGwMTAZeoSb"
    "RKFVsa0gCk3e1nFjbx0jZWYIotQL60sXJ01U7qs8Wm2BwnJpXSSiqlSxtZgvdkiEQKHlHB"
    "Y6obDrI48TT/Gg36KWLcmiQusuuqA/4L9l3/k37sa4Q6Uogi0nqijGW8YmWMH3SCRCtLoj"
    "2LuLv88bXzdu2gjyCyyfdVWKUQAf9snKw2IabllSKSFoA3YgFIqFevJqqus4D40mokSyhT"
    "YI3lJm2WWZnnxwa6Cb4ShcZyFLo+m4BoLuxf74BKgAbfIjXMvoGjT5b+vyPouE4VG3yjRa"
    "Iojfv+XVKw3eHniGdJrL+BzJN45TyJECu4x22KoBChetMOGn8HicAXpnnT4B1gSccDCneL"
    "HNYC6CboZCxhxapLVxPbUtLMpPj/RsR/6bLagagnXVY1DyH0KzFwFNVQkYZ0HTVcD6LczP"
    "ivDdZnkE6sa2i+wA6tbc6yZ+Ihet7QtTbo5VH63VwaZPzXcIWjtCFRPkXfrWmYtmLTiyH2"
    "ggg53MffFzrZVuyNVE9fVT0NWMoVBlIEgRDNm9augn494uh5RG8avmINV1+j2ephiPaHl2"
    "1fIJyVVv92U+zJ5cLy668H/U/d4S2NXqVF9nRrzoJc+8rdcPB52BmNWoAohAsL02PRpuNv"
    "73qdsTt+vmAVgMnTdv+602Op+V6Dl6pk53s9qpJ8zdPZisPPXZaseJ2zpcyeVmSJEMGQCF"
    "4Kv0xmeldIDmkN/LxZSvAuOkPaC6Tq1MWD/ky5HtI5wKOVLBBmwZ9LzDO3pweZBAT7DzF5"
    "nQNnJ8EkdWpRVuBil83JqsmYghFBJfcmc7ADOY1rsyI5A5I66Ql7iecMwU6UUeXf2BRqYx"
    "shquHSLr9XzdqAloA52ycTIayhS+ZAXDA+Jpk+GN8YKsjiEJlkcLUZvDZri/I4Qin7EFWZ"
    "y3Hfi8DFyCGtX9Gzk1yFj04yCh+dJAsfeRq9MoM2p/ZZOuJxuvrBXb4w4iqPisWCbbfTQE"
    "OTVBj5xud7ciooIQuw6z0N7MAP5pdBdABznYbe33Sue90+faMh1dBN+qzz6113SB+5pzt5"
    "0r657fZbAGpz3Xww79q/3Xb6Y8WvCLuAqzkyHaV4ZdhdNLVkbDS5BqF0Q1yMTNrghG1wwd"
    "pSJivBqB0OqUykS0O3QBhcjFZKa1WW1mjxK5P8CnHzUZyyRnGkezYiBV7ZIrstRit3W5V3"
    "mwwuTt969Q0ulj1a68Z1zmZP9PQKR5jmFU3DNDKcPF6LXDa9lVW6Kg6q28BPENMIkVRFZR"
    "LJ7pNI1k2aE1dWCdDWvPN1+JbOgapsJ54H1M3txJPnbAmoinZLreYZuxHdyBWzTbv2GTQf"
    "S+pQe83mqtGSjjq7n5G5bSNtD6gOnaquOHlenS2RunNnqRNIe0ji9HZgeirneotuTOhUQk"
    "dDngYR7nCAp4CaL2yALderaLcA+SxDp2UvHYDJ4Q2OvFwNVnz9HR35AnUq2bBKmM4MMXcj"
    "rzfEbj4kT72haJX1kPVOJnTuQyNLT+j0Ih6KOA45pFIBljl2NMeufXfX69IgBe9Y4Uc8UJ"
    "vjzbD9S78FXnRnphERzYyfWrlCiErPocNkmiKpznG6N52vuwZDMOU5QfjmYSyW+hylrFNa"
    "QxnpzyZ6KbTH43RvenGuwRDc4wnCNw9jsT0epZR7PHl2FojliZDVCdM9R/LQxVkA/giZhH"
    "8r+IWTsyNEMkF7mwRtGd1UsziXPNFNRL3VtUJcj1LKyMXqBDMlufzKvSartp93EtswWddP"
    "LMerebjAbnRoRldWBQtkuk67dNdK4NTb7FlZuxLztSAjQ0xbZ2Z6PAUQePO0wMsMN8l/kN"
    "kEUwvPm8Bhf6/eg/aCmjJ/wOSGAjMi7WBrxe9NVuLc4m4UYfeJbGRWrqid7lYhixKLdjIL"
    "08iwt1grM7KHlO2cKbEpqpxg+vaKFhJRazvuRiY4MG9Z3ZmblRqe5lreKg+8ECv31PruPE"
    "/S9Xl60vV5IulaXNOUdoVqqZx57ApS45Qap9Q4BTROL4Y5XeVcBzlv1jnXAdabdc4RUVAt"
    "aACyRlY2VQsxURSZj86NrkPAy0RoMnURacDX+VoAGgaNtTPJqKTCWebEJbfIloF5pXdakN"
    "6DN3jLyyxZmdZZTVBlEqJMQqwwrjmSEPMkdIXbcW2dqFQZg2K1s2863928lLSG35H3mdI6"
    "8kaKNPw+AQR8h0rT3ybQRt+AboNvlP4be8Hk7G8sIOYbOJrD/yNCNHvO6em93VTcFm50Hv"
    "rSjciJ922Tzp9KOn98puW1dvrjq2y2LmjtLLmsf0o0Wzq0aZFsEtsEthbkNk1Hqj6HRoqZ"
    "HvLDBF2a9x7tAQKdFb3due7etntHp+dNzwmy7g8VNt/H8sDw0uL1/E5fuWuKPbpAWKnZQ/"
    "WDyLpi6dAfpsWEE4oXSKMJc/L+Dc3ddX32IVKxFZXBUgdlirDhmu8WG587hXyOTbT6YY6f"
    "aZb2fOkwJeVvNiBYk8XUBE9o4RCBU0MWoMLoE1qxXG4LLQxqTz6CDjAQtB1weg5mHPF2J5"
    "/AlXqXRFf1dbkF3WeetsXrXSxl4ErKwCEW5jW6hUikxS2eyBTeBnlFiAhRDQXg8kUIwQYd"
    "2zTlqDa09evKUW28y2/L4d7J3CM4C+kQUYUjJKu0qqWjNh39w1Q70hy1FVE7ekh7RFbHdK"
    "xVg6NwhF9nqhoGG6ggMjJ3bAvNeTDQYwtAYOuPJi0YNcdL0wFHGproDvifJiCrWiP/+uEd"
    "wCaA5H+qSkc0gW6yGBW/kSk/oaLMyfNkVHgTsHX0YgYCaNBtlRBE0i5kwkU19Y0QH/Nedi"
    "GSGkoU5Td3Cu+PvDpdmEbmtETxfOWI3lpi6l4YYgfxmkbWmhA8j2VL8/3552jRPBF0/fG1"
    "y6DZQdtCqcK9ERUuknNIc7chCxPn3sFZd0aSVt4dQndHRjhpCNskU8RDSpmWO47OeWBsyR"
    "sEmVyVwqGQuzdchFmRar6I8WujESP0y/NZMtKxF6zDwAwEfi9eaSCorIGA8EvIFO6Pr6Fg"
    "Wr4AJVXZ8lXZ0JkigGmUSmKawBQvC0C6JpKIRhGdozkWOVb98TXUSvOdqlnHqlRM36xiKu"
    "BbDDVVWrvuiicrxfyFB7YMXiVjyW+vxFFfQp2X0pWWcJOnfD5XlRyobueeoMYcOKJdeF5m"
    "2ECsIkCTvNIQWYo0Bclt0TOBBlWOObGcJc25XesfqjmFgv7ir9b1nDTyGbJX0KuXJHgkiL"
    "xAIRN/iEQqUjkUqXQtdXMJtEPQWBuf7ns9MhUhpD2B7gaj7rjlHzEP5lW7R6uYtfxTJn5u"
    "5QvyyhXjlRHilUjeeZtNnIadn+67w85IaV+Pu4N+C9A4TJ0cF4praHsw2/fjL4Nh93fW6W"
    "lJfpyl/9stRXc3vh+6legWztKiz34edG/ok2dMi1w/mJ/aXVarbgp1g/49uv7Sublnj2x1"
    "hrRl0fJ1l3nYH5fuQuy/TNRXkz5l6VOuyI1Tuk/ZrUZRZIknaeVSL7zUfTCLLHkerVz6m5"
    "b+9LtSIOM5RCWTnjclPfuXf6HjhUO8v/PluFaHi4WmNCmzGB84xJIPBeUZd0krBLtAWuYw"
    "A2MDQTNzVySmiLFkQuao1wl0NRj0Iubbq24M7/797VWHiPax4ynJBvJpaX619Es2QlRKZt"
    "Tr+uR3nxfl9fklGGpCcYtxutp5ispPW/Xso0lRJrvfVEAle01Vp8BFMk4ROg6aL8Rbg4bp"
    "anNll9EVdGrAx0fEi8bKunpDVHu8bYMnB3vdSh92+pqulw9bFmOqM9c5d5X37SsTB1g1Tp"
    "cVYkUA0QQxjRBJSOOl4mR1ItlGpRIpGxltVPj1wJdeHe8tka15OfBwBbnNmLqHZQmoetFf"
    "t8F8NYU3crtsUW7dNS5vGcDogT5kc9UI9H2EMHorNT2Qcb2UN4YzKu6qyF2v0osNAw5+Qr"
    "SYiwZeZtABc/JogoA9wy+sqS4NOlTJ7yU/gfY/ApD9RX7PfEL+whaghkJetcrS588T7ZgS"
    "zygjF2XkYpWc6eVHLrJdJgJwQFBHeC8u8uB7cZEOMH0XS7KzoFgKY0BQR4RLX8AGtJ1zEX"
    "gDghrCm6ccZXo1ykQxSvR9ocyx6XDKfmb7MCKEdYovK8OPQcFZIchRBzeD6tNJTGPBAXbw"
    "9ZJKSZZ7KEooPUQCHiILzfFzIV9BlFK6savjGkh6hKQfMP38OkyPUC4/oLS079DSLo3B5R"
    "iD89gqw0m7Wxsra4T2PsyUnm033Uy5Nv5uNlOGjM47LhMVLcYi7YGVsQfKlL5XznOSCWev"
    "nhMCbbFuQmuKGtq7dlK9x3MheBeOYMIBl1i2ZBFqyTJZCaoeCUJZ7ksG80ol/pVLEVaN0z"
    "tR5RdrxbCcIKTDBXajQh9dWZWqcXzHikU2+JoqfdPcoKKSMQJ1wVjd4ymygIMBBDOy4ppg"
    "Qf70awGwsBdrafIrgAlR51F46RRS232dS1pqu5VTsmQBG1nA5o0sdVnAZt9L/41Wpbtrd2"
    "/In1BP1JCLizj5zA9lFwsk4pIi2EY6RFIOM+peWsK3jWWUc99sWMsq6y4Na7LXsTT/+FwP"
    "aXV5VbUQiTT8ZBt+KFQlWH1qHsMRWlCVsveM9PnSoHB3WYGoBsfwEx/SzLIA2f5gxa04ld"
    "MWNJ4hEJD6mU9/swHNcbKQii3NrfPuWc6AOzk40h2b0GnIT4R60S1eufjyp99sTRIyGmUU"
    "7ioxA6JCclVZRaTSrUYyoWfX0pS0y0m7XFUW+B6NE3x8D8MgUTi8pOxsNb88rtjpEaaqTU"
    "m4V6qmK4Z8mEoiL+vnHnC6ljQCpe+LehmBElaLV9axh4hw2c5Wsv0xzXxatuUO31LNJiru"
    "fIEdKh+2mKI71S3bAdC0X/zoiie0ArrNXrqP82vZhWffQskWdGHU1n1xkUvvu8jQ+y42at"
    "pkky7Il+DcZf8aDfpp8sSaJn6Q6qoD/guoV/UAj9AMuCkakdPSR/notv1rnAHXvcFV/Bik"
    "E1zJ20zeZq95m/2CJjOMnzrPKebiyPvMW+zFHamg5/yG4jZYWPiZ3CgWuVgYYRPYDiY6Ic"
    "CmigBVUixA7bbUtqtrTTpeRbZNBkxW5KZxoP3Eq7ZV1rScO+trw5+cDmCzU1fAH9sYjLN0"
    "Na7JmKOleQutulfZHrW09NstzLu84kSYRpqDcpiDgk0hAHKYpoYg78RkzwASwNgfX0N8L/"
    "PAe5mO7mUC3AVcGRhy1nC6GBwikVLwFlKwhVSkF63BEyGVcnDV5eDIlvOlsAKMj9PK8ktV"
    "K79UEY2njSxdnTU4uo73JlPLgesxu6zWIaQ9vBXV4fTk/MP5x7PL80BjCJ5kKQqblYJnZN"
    "m6WP2BEEkNpamdVIylm0oAYW94DdHdTTA0DuL58oqrIRIprgqKq696mf31/6JWiNM="
)
