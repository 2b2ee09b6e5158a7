# The search row's pairs are each lexeme with the lexeme at the next position that holds
# one, and the gap between them when stop words stand between (docs/decisions.md,
# "Phrases"). Pairs of adjacent positions only gave "international peace and security"
# one pair, the one of "international peace": at a million letters it let 43 % of the
# letters through to have their positions checked, where 4.5 % hold the phrase, and the
# page passed the statement timeout. With the gap, the phrase has two pairs, and a phrase
# whose words stand only apart ("question of Palestine") has one.
#
# A phrase's own pairs come from the same function over its own vector, so a letter
# that holds the phrase as written holds them. PostgreSQL's phrase query accepts any
# word where the phrase has a stop word ("peace and security" matches "peace regional
# security"); the pairs do not, and a phrase now matches only where its stop words' places
# hold no other word.
#
# Positions stop at 16,383: the lexemes beyond share that last position, and only one of
# them is paired with the position before it. A window over the positions costs 1.3 ms
# a letter, where 0020's join of each position with the next (1.1 ms without gaps) took
# 1.8 ms once written to find the next position holding a lexeme, over 4,000 letters of
# the 100,000 benchmark.
#
# The column is dropped and added again around the new function, as in 0023: a rewrite
# of the search table.

import importlib

from django.db import migrations

PAIRS_FUNCTION = """
CREATE OR REPLACE FUNCTION phrase_pairs(vector tsvector) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT hashtext(
           lexeme || ' ' || next_lexeme
           || CASE WHEN next_position > position + 1 THEN ' ' || (next_position - position) ELSE '' END
         ) & 1048575), '{}')
  FROM (SELECT lexeme, position,
               lead(lexeme) OVER w AS next_lexeme, lead(position) OVER w AS next_position
        FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS p
        WINDOW w AS (ORDER BY position)) AS q
  WHERE next_position > position
$$;
"""

buckets = importlib.import_module("letters.migrations.0023_phrase_pairs_buckets")


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0023_phrase_pairs_buckets"),
    ]

    operations = [
        migrations.RunSQL(
            buckets.REBUILD.format(function=PAIRS_FUNCTION), buckets.rebuild(2**20)
        ),
    ]
