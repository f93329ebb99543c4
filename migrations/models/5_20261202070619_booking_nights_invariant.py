from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    # A booking owns exactly its nights, whoever writes (the app, the seeder, a script, raw SQL):
    # the rule of bench/consistency.py, enforced at commit so that a transaction may move a booking
    # and its nights in any order. Each check is three indexed lookups of the one booking touched.
    return """
-- The fault of one booking, or NULL. A booking holding its stay (pending, confirmed, in progress; or
-- completed: a finished stay keeps its nights) owns exactly the nights check_in .. check_out - 1 of
-- its listing, plus those of a change waiting for the host; a cancelled booking owns none.
CREATE OR REPLACE FUNCTION "booking_nights_fault"("target" uuid) RETURNS text AS $$
DECLARE
    b record;
    new_in date;
    new_out date;
    wanted integer;
    owned integer;
    inside integer;
BEGIN
    -- FOR SHARE: a concurrent change of this booking's status or dates commits wholly before this
    -- check reads, or waits for this transaction and is then checked against these nights.
    SELECT "listing_id", "status", "check_in", "check_out" INTO b
        FROM "bookings" WHERE "id" = "target" FOR SHARE;
    IF NOT FOUND THEN
        RETURN NULL;  -- deleted: its nights went with it (ON DELETE CASCADE)
    END IF;
    IF b."status" <> 'cancelled' THEN
        SELECT "new_check_in", "new_check_out" INTO new_in, new_out
            FROM "booking_changes" WHERE "booking_id" = "target" AND "status" = 'pending';
    END IF;
    SELECT count(*), count(*) FILTER (WHERE "listing_id" = b."listing_id" AND (
            ("night" >= b."check_in" AND "night" < b."check_out")
            OR ("night" >= new_in AND "night" < new_out)))
        INTO owned, inside FROM "nights" WHERE "booking_id" = "target";
    IF b."status" = 'cancelled' THEN
        IF owned = 0 THEN
            RETURN NULL;
        END IF;
        RETURN format('cancelled booking %s still owns %s night(s)', "target", owned);
    END IF;
    wanted := b."check_out" - b."check_in";
    IF new_in IS NOT NULL THEN  -- the union of the stay and the change's new dates
        wanted := wanted + (new_out - new_in)
            - greatest(0, least(b."check_out", new_out) - greatest(b."check_in", new_in));
    END IF;
    IF owned = wanted AND inside = wanted THEN
        RETURN NULL;
    END IF;
    RETURN format('%s booking %s (%s to %s%s) owns %s of its %s night(s) and %s other(s)',
        b."status", "target", b."check_in", b."check_out",
        CASE WHEN new_in IS NULL THEN '' ELSE format(', change to %s to %s waiting', new_in, new_out) END,
        inside, wanted, owned - inside);
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION "booking_owns_its_nights"() RETURNS trigger AS $$
DECLARE
    ids uuid[];
    "target" uuid;
    fault text;
BEGIN
    IF TG_TABLE_NAME = 'bookings' THEN
        ids := ARRAY[NEW."id"];
    ELSIF TG_OP = 'INSERT' THEN
        ids := ARRAY[NEW."booking_id"];
    ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY[OLD."booking_id"];
    ELSE
        ids := ARRAY[OLD."booking_id", NEW."booking_id"];
    END IF;
    FOREACH "target" IN ARRAY ids LOOP
        CONTINUE WHEN "target" IS NULL;
        fault := "booking_nights_fault"("target");
        IF fault IS NOT NULL THEN
            RAISE EXCEPTION 'booking nights: %', fault USING ERRCODE = 'check_violation',
                HINT = 'A pending, confirmed, in-progress or completed booking owns exactly the nights '
                    'of its stay (and of a change waiting for the host); a cancelled one owns none.';
        END IF;
    END LOOP;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER "bookings_own_nights_insert" AFTER INSERT ON "bookings"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "booking_owns_its_nights"();
CREATE CONSTRAINT TRIGGER "bookings_own_nights_update"
    AFTER UPDATE OF "status", "check_in", "check_out", "listing_id" ON "bookings"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD."status", OLD."check_in", OLD."check_out", OLD."listing_id")
        IS DISTINCT FROM (NEW."status", NEW."check_in", NEW."check_out", NEW."listing_id"))
    EXECUTE FUNCTION "booking_owns_its_nights"();
-- Host blocks and imported nights (no booking) never run the check.
CREATE CONSTRAINT TRIGGER "nights_owned_insert" AFTER INSERT ON "nights"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW."booking_id" IS NOT NULL)
    EXECUTE FUNCTION "booking_owns_its_nights"();
CREATE CONSTRAINT TRIGGER "nights_owned_delete" AFTER DELETE ON "nights"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."booking_id" IS NOT NULL)
    EXECUTE FUNCTION "booking_owns_its_nights"();
CREATE CONSTRAINT TRIGGER "nights_owned_update"
    AFTER UPDATE OF "booking_id", "listing_id", "night" ON "nights"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD."booking_id" IS NOT NULL OR NEW."booking_id" IS NOT NULL)
        AND (OLD."booking_id", OLD."listing_id", OLD."night")
        IS DISTINCT FROM (NEW."booking_id", NEW."listing_id", NEW."night"))
    EXECUTE FUNCTION "booking_owns_its_nights"();
-- A change waiting for the host holds its new nights too.
CREATE CONSTRAINT TRIGGER "booking_changes_own_nights_insert" AFTER INSERT ON "booking_changes"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW."status" = 'pending')
    EXECUTE FUNCTION "booking_owns_its_nights"();
CREATE CONSTRAINT TRIGGER "booking_changes_own_nights_delete" AFTER DELETE ON "booking_changes"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."status" = 'pending')
    EXECUTE FUNCTION "booking_owns_its_nights"();
CREATE CONSTRAINT TRIGGER "booking_changes_own_nights_update"
    AFTER UPDATE OF "status", "new_check_in", "new_check_out", "booking_id" ON "booking_changes"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD."status" = 'pending' OR NEW."status" = 'pending')
        AND (OLD."status", OLD."new_check_in", OLD."new_check_out", OLD."booking_id")
        IS DISTINCT FROM (NEW."status", NEW."new_check_in", NEW."new_check_out", NEW."booking_id"))
    EXECUTE FUNCTION "booking_owns_its_nights"();"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TRIGGER IF EXISTS "bookings_own_nights_insert" ON "bookings";
DROP TRIGGER IF EXISTS "bookings_own_nights_update" ON "bookings";
DROP TRIGGER IF EXISTS "nights_owned_insert" ON "nights";
DROP TRIGGER IF EXISTS "nights_owned_delete" ON "nights";
DROP TRIGGER IF EXISTS "nights_owned_update" ON "nights";
DROP TRIGGER IF EXISTS "booking_changes_own_nights_insert" ON "booking_changes";
DROP TRIGGER IF EXISTS "booking_changes_own_nights_delete" ON "booking_changes";
DROP TRIGGER IF EXISTS "booking_changes_own_nights_update" ON "booking_changes";
DROP FUNCTION IF EXISTS "booking_owns_its_nights"();
DROP FUNCTION IF EXISTS "booking_nights_fault"(uuid);"""


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
    "g3lKqQ7WFsxNGRncX/U64G7Yue6OuoN+1JPHXtJH6yqiw067F0cZm48FYA5TSZxz4EzdzM"
    "q/BTseRIj2eGrcj6/3c3CUX7iTTs9sGxwdcDSHhpFaujFKWahsYyG0T3aFtFu08ez0w2VQ"
    "ppH+kVWYcXTb7vWSlRgnSKMqvjCkYbr9AXp8EIAWAVOuzASQ0JmlLM0bpOoE0BQww3Tx8C"
    "CX8L03waGhm3WRkQuM4Hh01ozXFw/n0ccsauGqKVGEM5puRKhk041I/Upk2/pEN7h2nSxI"
    "45QS1jWszGehWEuDt07TPaMxshooZvv2jKozpD4puqlMLdcHkNsKESfcI/gnF63j4/1IuH"
    "ns7+nW94TtPUBtaTpiPS6TlPXrA7ATsGmjIz9IWAzsMOU+V/fJoa5unTlYHYVWhEnCnd1H"
    "JkYqm/cI9JKZk2MhLdxyg9IcoZSqScwSURDUCOX+QD27vKg+rCqNwDDcwF9lgQ09rXPd5r"
    "CNlKn2eFTTMFrLK2UkErzxqdf5tXvV65BJDfRdJ1/hwbwd3HSG7TF55s9Ko4WG3esxjRay"
    "vEjx1w/RKNJvcOtGgwXtoKOb/dyjJbcaZIeHsVIWhOscuSX14EnQ1cZod3py/uH849nleX"
    "D8BE+yziDO8UNFEJoNMkUiyMbJJLBxYF8QeiJLT9Ntt8HHQuUk/WXfmylT1AbrUqQSbDqz"
    "LXFOm0MCHQ4Zz0jI3iyavEpetmbBqXAI882wTSOQGe2DeXd/1euOvnRuWmCxnBi6PUMaDf"
    "8lD8f04dKkZkP6bHQ/uuv0b+hDe2nTlHC3WEwFBBS/KI3jN27JLaYkKPeVABAy0Ho5W346"
    "1vt/GHA+0eA/d2ar3bVLN1hIBfLA47SykkWVK1m4ibXFakSGKSWXq8xlWdUh/Sitb1UH2d"
    "exblznbPZEEn8oUztv+nWIRFbxyK7iQaFKQitcwuPeRoeYcJ23fkdoQUWKdww7rnk0Z/UO"
    "bp+FmIdKlvFInADJEp/bY1azkrpRbWeGHVxOO807OlVdcdpneZiDBMhG0MYmNBT6w7YEau"
    "TNNTzothu5OmvK9qOy/Wj1qzS5R3t6qabg6N9Yr0lZXzg7rtoUq9CHbZ1NK8s27V6HaIL0"
    "sk0BIxJYZ3uBwnTS8xOReFMqNGU5DupUnSkW25ArOfQsIzn0LJkcqtsEvWfEqcCbHSUYIp"
    "MRggIRggfozVxYmCVMCBeabtwNB9ed0ajb/0yL3/izPJjDTvvmtxag1roVrXrU7VHv5RTq"
    "RjHX5UmeYgAn6dUAThLlAJYLA0PhHPUoVQ2L8Z3mLbOfVWU/jjW29Eed6leCaMfp6heGvx"
    "O4DWg9IlGsI0QS6FxA21TqEwU6QiSBzgX0i66RyRMgp4e3+eMLSdtVw7fk8MEZ4veYTUVz"
    "TSDhTMIp3N6ivp0tdqK/yBiIdPQP0xsuO1tUwycuO1vUocWk65nj2LcDl126YXvtGczRTN"
    "Jt1AicGXSAbgMTO2BqIdQCbslicORh1HQHvgNz+IRscOeuydFPPWCh6dJGAAIbEcA1oBpQ"
    "n3P6Su7ykza1mGQzbtdk8kp/TJWluCcTR47y1uB2NvfdS1F/Pz09O/twenx2+fHi/MOHi4"
    "/HgTiVfJUlV111P1PRKnLd+LJWRvNJviRLxYKMtK1N0sDhHmM8ZOltHhOpnsi3LGqg9Gmr"
    "bPtqXPUG1z9Si6PXY/bB7N7eDYYsr8JvQkvLrg/cQRg/FTRLlt4xz/cai8k9Uaot5J6K6W"
    "rbuPGkBvG2NYhQt/W82yhEIvfQX1Ifk/rYQetj8dOgBGAFw2qreRRsBDd0DlZJ0x0haKmz"
    "HuY23lu/bGZpvDYbphg4Z/e9xsBEwCVqEq1SxZaGNABpz++ZhU28tI0VmGILkC9trBxdtZ"
    "P6bLEpNseJSaW0kkrp0kaW4D0ZIpGCR1TwmOqGgyxOPM2/RoN+ihi3JomL7LrqgP+Cfdf/"
    "pB/7GqGOFKKItJ4oYxmvWBnjB50g0eCPaM8i7i5/fO28XTvoroZs8n0VVilEwD8bJ6tNiG"
    "l5pYikBeCNWAAS6tWriarrLCC+tBrJEsoUWGO5SZtlVub5sYFugq9EobEcha7PJiCaC/vX"
    "O6ASoMG3SA2zb+Dok6X/7wg6rlPFBt9okShK475/lxRsd/g54lkS628g8yReOU8ixArucZ"
    "siKESo3rSDxt9BIvCFad40eAdY0vGAwt0ih7UAugk6GUtYserS1cS2lDQzKf6/EfFfuqx2"
    "IOpJl1XNQwj9SgwcRTVUpCFdRw3Xgyg3M/5rg/UZpBPrGpovsENrm7PsmXiInjd0rQ16eZ"
    "R+N5cGGf81XOEobUiUT9F3axqmrdj0Yoi9IEIO9/H3hU62FXsj1dNXVU8DlnKFgRRBIETz"
    "prWroF+POHoe0ZuGr1jD1ddotnoYov3hZdsXCGel1b/dFHtyubD8+utB/1N3eEujV2mRPd"
    "2asyDXvnI3HHwedkajFiAK4cLC9Fi06fjbu15n7I6fL1gFYPK03b/u9FhqvtfgpSrZ+V6P"
    "qiRf83S24vBzlyUrXudsKbOnFVkiRDAkgpfCL5OZ3hWSQ1oDP2+WEryLzpD2Aqk6dfGgP1"
    "Ouh3QO8GglC4RZ8OcS88zt6UEmAcH+Q0xe58DZSTBJnVqUFbjYZXOyajKmYERQyb3JHOxA"
    "TuParEjOgKROesJe4jlDsBNlVPk3NoXa2EaIari0y+9VszagJWDO9slECGvokjkQF4yPSa"
    "YPxjeGCrI4RCYZXG0Gr83aojyOUMo+RFXmctz3InAxckjrV/TsJFfho5OMwkcnycJHnkav"
    "zKDNqX2Wjnicrn5wly+MuMqjYrFg2+000NAkFUa+8fmenApKyALsek8DO/CD+WUQHcBcp6"
    "H3N53rXrdP32hINXSTPuv8etcd0kfu6U6etG9uu/0WgNpcNx/Mu/Zvt53+WPErwi7gao5M"
    "RyleGXYXTS0ZG02uQSjdEBcjkzY4YRtcsLaUyUowaodDKhPp0tAtEAYXo5XSWpWlNVr8yi"
    "S/Qtx8FKesURzpno1IgVe2yG6L0crdVuXdJoOL07defYOLZY/WunGds9kTPb3CEaZ5RdMw"
    "jQwnj9cil01vZZWuioPqNvATxDRCJFVRmUSy+ySSdZPmxJVVArQ173wdvqVzoCrbiecBdX"
    "M78eQ5WwKqot1Sq3nGbkQ3csVs0659Bs3HkjrUXrO5arSko87uZ2Ru20jbA6pDp6orTp5X"
    "Z0uk7txZ6gTSHpI4vR2Ynsq53qIbEzqV0NGQp0GEOxzgKaDmCxtgy/Uq2i1APsvQadlLB2"
    "ByeIMjL1eDFV9/R0e+QJ1KNqwSpjNDzN3I6w2xmw/JU28oWmU9ZL2TCZ370MjSEzq9iIci"
    "jkMOqVSAZY4dzbFr3931ujRIwTtW+BEP1OZ4M2z/0m+BF92ZaUREM+OnVq4QotJz6DCZpk"
    "iqc5zuTefrrsEQTHlOEL55GIulPkcp65TWUEb6s4leCu3xON2bXpxrMAT3eILwzcNYbI9H"
    "KeUeT56dBWJ5ImR1wnTPkTx0cRaAP0Im4d8KfuHk7AiRTNDeJkFbRjfVLM4lT3QTUW91rR"
    "DXo5QycrE6wUxJLr9yr8mq7eedxDZM1vUTy/FqHi6wGx2a0ZVVwQKZrtMu3bUSOPU2e1bW"
    "rsR8LcjIENPWmZkeTwEE3jwt8DLDTfIfZDbB1MLzJnDY36v3oL2gpswfMLmhwIxIO9ha8X"
    "uTlTi3uBtF2H0iG5mVK2qnu1XIosSinczCNDLsLdbKjOwhZTtnSmyKKieYvr2ihUTU2o67"
    "kQkOzFtWd+ZmpYanuZa3ygMvxMo9tb47z5N0fZ6edH2eSLoW1zSlXaFaKmceu4LUOKXGKT"
    "VOAY3Ti2FOVznXQc6bdc51gPVmnXNEFFQLGoCskZVN1UJMFEXmo3Oj6xDwMhGaTF1EGvB1"
    "vhaAhkFj7UwyKqlwljlxyS2yZWBe6Z0WpPfgDd7yMktWpnVWE1SZhCiTECuMa44kxDwJXe"
    "F2XFsnKlXGoFjt7JvOdzcvJa3hd+R9prSOvJEiDb9PAAHfodL0twm00Teg2+Abpf/GXjA5"
    "+xsLiPkGjubw/4gQzZ5zenpvNxW3hRudh750I3Lifduk86eSzh+faXmtnf74KputC1o7Sy"
    "7rnxLNlg5tWiSbxDaBrQW5TdORqs+hkWKmh/wwQZfmvUd7gEBnRW93rru37d7R6XnTc4Ks"
    "+0OFzfexPDC8tHg9v9NX7ppijy4QVmr2UP0gsq5YOvSHaTHhhOIF0mjCnLx/Q3N3XZ99iF"
    "RsRWWw1EGZImy45rvFxudOIZ9jE61+mONnmqU9XzpMSfmbDQjWZDE1wRNaOETg1JAFqDD6"
    "hFYsl9tCC4Pak4+gAwwEbQecnoMZR7zdySdwpd4l0VV9XW5B95mnbfF6F0sZuJIycIiFeY"
    "1uIRJpcYsnMoW3QV4RIkJUQwG4fBFCsEHHNk05qg1t/bpyVBvv8ttyuHcy9wjOQjpEVOEI"
    "ySqtaumoTUf/MNWONEdtRdSOHtIekdUxHWvV4Cgc4deZqobBBiqIjMwd20JzHgz02AIQ2P"
    "qjSQtGzfHSdMCRhia6A/6nCciq1si/fngHsAkg+Z+q0hFNoJssRsVvZMpPqChz8jwZFd4E"
    "bB29mIEAGnRbJQSRtAuZcFFNfSPEx7yXXYikhhJF+c2dwvsjr04XppE5LVE8Xzmit5aYuh"
    "eG2EG8ppG1JgTPY9nSfH/+OVo0TwRdf3ztMmh20LZQqnBvRIWL5BzS3G3IwsS5d3DWnZGk"
    "lXeH0N2REU4awjbJFPGQUqbljqNzHhhb8gZBJlelcCjk7g0XYVakmi9i/NpoxAj98nyWjH"
    "TsBeswMAOB34tXGggqayAg/BIyhfvjayiYli9ASVW2fFU2dKYIYBqlkpgmMMXLApCuiSSi"
    "UUTnaI5FjlV/fA210nynataxKhXTN6uYCvgWQ02V1q674slKMX/hgS2DV8lY8tsrcdSXUO"
    "eldKUl3OQpn89VJQeq27knqDEHjmgXnpcZNhCrCNAkrzREliJNQXJb9EygQZVjTixnSXNu"
    "1/qHak6hoL/4q3U9J418huwV9OolCR4JIi9QyMQfIpGKVA5FKl1L3VwC7RA01san+16PTE"
    "UIaU+gu8GoO275R8yDedXu0SpmLf+UiZ9b+YK8csV4ZYR4JZJ33mYTp2Hnp/vusDNS2tfj"
    "7qDfAjQOUyfHheIa2h7M9v34y2DY/Z11elqSH2fp/3ZL0d2N74duJbqFs7Tos58H3Rv65B"
    "nTItcP5qd2l9Wqm0LdoH+Prr90bu7ZI1udIW1ZtHzdZR72x6W7EPsvE/XVpE9Z+pQrcuOU"
    "7lN2q1EUWeJJWrnUCy91H8wiS55HK5f+pqU//a4UyHgOUcmk501Jz/7lX+h44RDv73w5rt"
    "XhYqEpTcosxgcOseRDQXnGXdIKwS6QljnMwNhA0MzcFYkpYiyZkDnqdQJdDQa9iPn2qhvD"
    "u39/e9Uhon3seEqygXxaml8t/ZKNEJWSGfW6Pvnd50V5fX4JhppQ3GKcrnaeovLTVj37aF"
    "KUye43FVDJXlPVKXCRjFOEjoPmC/HWoGG62lzZZXQFnRrw8RHxorGyrt4Q1R5v2+DJwV63"
    "0oedvqbr5cOWxZjqzHXOXeV9+8rEAVaN02WFWBFANEFMI0QS0nipOFmdSLZRqUTKRkYbFX"
    "498KVXx3tLZGteDjxcQW4zpu5hWQKqXvTXbTBfTeGN3C5blFt3jctbBjB6oA/ZXDUCfR8h"
    "jN5KTQ9kXC/ljeGMirsqcter9GLDgIOfEC3mooGXGXTAnDyaIGDP8AtrqkuDDlXye8lPoP"
    "2PAGR/kd8zn5C/sAWooZBXrbL0+fNEO6bEM8rIRRm5WCVnevmRi2yXiQAcENQR3ouLPPhe"
    "XKQDTN/FkuwsKJbCGBDUEeHSF7ABbedcBN6AoIbw5ilHmV6NMlGMEn1fKHNsOpyyn9k+jA"
    "hhneLLyvBjUHBWCHLUwc2g+nQS01hwgB18vaRSkuUeihJKD5GAh8hCc/xcyFcQpZRu7Oq4"
    "BpIeIekHTD+/DtMjlMsPKC3tO7S0S2NwOcbgPLbKcNLu1sbKGqG9DzOlZ9tNN1Oujb+bzZ"
    "Qho/OOy0RFi7FIe2Bl7IEype+V85xkwtmr54RAW6yb0JqihvaunVTv8VwI3oUjmHDAJZYt"
    "WYRaskxWgqpHglCW+5LBvFKJf+VShFXj9E5U+cVaMSwnCOlwgd2o0EdXVqVqHN+xYpENvq"
    "ZK3zQ3qKhkjEBdMFb3eIos4GAAwYysuCZYkD/9WgAs7MVamvwKYELUeRReOoXUdl/nkpba"
    "buWULFnARhaweSNLXRaw2ffSf6NV6e7a3RvyJ9QTNeTiIk4+80PZxQKJuKQItpEOkZTDjL"
    "qXlvBtYxnl3Dcb1rLKukvDmux1LM0/PtdDWl1eVS1EIg0/2YYfClUJVp+ax3CEFlSl7D0j"
    "fb40KNxdViCqwTH8xIc0syxAtj9YcStO5bQFjWcIBKR+5tPfbEBznCykYktz67x7ljPgTg"
    "6OdMcmdBryE6FedItXLr786Tdbk4SMRhmFu0rMgKiQXFVWEal0q5FM6Nm1NCXtctIuV5UF"
    "vkfjBB/fwzBIFA4vKTtbzS+PK3Z6hKlqUxLularpiiEfppLIy/q5B5yuJY1A6fuiXkaghN"
    "XilXXsISJctrOVbH9MM5+WbbnDt1SziYo7X2CHyoctpuhOdct2ADTtFz+64gmtgG6zl+7j"
    "/Fp24dm3ULIFXRi1dV9c5NL7LjL0vouNmjbZpAvyJTh32b9Gg36aPLGmiR+kuuqA/wLqVT"
    "3AIzQDbopG5LT0UT66bf8aZ8B1b3AVPwbpBFfyNpO32WveZr+gyQzjp85zirk48j7zFntx"
    "RyroOb+huA0WFn4mN4pFLhZG2AS2g4lOCLCpIkCVFAtQuy217epak45XkW2TAZMVuWkcaD"
    "/xqm2VNS3nzvra8CenA9js1BXwxzYG4yxdjWsy5mhp3kKr7lW2Ry0t/XYL8y6vOBGmkeag"
    "HOagYFMIgBymqSHIOzHZM4AEMPbH1xDfyzzwXqaje5kAdwFXBoacNZwuBodIpBS8hRRsIR"
    "XpRWvwREilHFx1OTiy5XwprADj47Sy/FLVyi9VRONpI0tXZw2OruO9ydRy4HrMLqt1CGkP"
    "b0V1OD05/3D+8ezyPNAYgidZisJmpeAZWbYuVn8gRFJDaWonFWPpphJA2BteQ3R3EwyNg3"
    "i+vOJqiESKq4Li6qteZn/9P5nylyg="
)
