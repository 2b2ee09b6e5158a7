# The search row's adjacent word pairs hashed into 1,048,576 buckets instead of 65,536
# (docs/decisions.md, "Phrases"). A letter holds about 520 distinct pairs, so with
# 65,536 buckets a pair's bucket is set in about 0.8 % of letters that do not hold the
# pair (7,874 letters passed for a phrase that 2,647 of a million hold); with 2^20, in
# about 0.02 % (measured on a 1-in-100 sample of a million letters), and a phrase needs
# no second narrowing through the vectors' index.
#
# A stored generated column keeps the values computed when each row was written, so
# the function cannot change under it: the column is dropped, the function replaced,
# and the column added again, which computes every row's pairs anew (a rewrite of the
# search table). The model's state does not change.

from django.db import migrations

PAIRS_FUNCTION = """
CREATE OR REPLACE FUNCTION phrase_pairs(vector tsvector) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT hashtext(a.lexeme || ' ' || b.lexeme) & {mask}), '{{}}')
  FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS a
  JOIN (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS b
    ON b.position = a.position + 1
$$;
"""

REBUILD = """
DROP INDEX searchentry_phrase_pairs_idx;
ALTER TABLE letters_searchentry DROP COLUMN phrase_pairs;
{function}
ALTER TABLE letters_searchentry
  ADD COLUMN phrase_pairs integer[] GENERATED ALWAYS AS (phrase_pairs(vector)) STORED;
CREATE INDEX searchentry_phrase_pairs_idx ON letters_searchentry USING gin (phrase_pairs);
"""


def rebuild(buckets: int) -> str:
    return REBUILD.format(function=PAIRS_FUNCTION.format(mask=buckets - 1))


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0022_reference_symbols_no_fastupdate'),
    ]

    operations = [
        migrations.RunSQL(rebuild(2**20), rebuild(2**16)),
    ]
