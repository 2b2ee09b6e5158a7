from django.db import migrations

# The samples are conditions on the letter id (letters.models.in_small_sample), and
# PostgreSQL keeps no statistics of an expression unless asked: it took
# mod(letter_id, 100) = 0 for the default 0.5 % of rows (half the 1-in-100 sample) and
# the 1-in-1,000 sample inside it for 0.0005 %. For a search text that also names a
# State or a signatory (an OR the words' index cannot answer alone), reading every row
# of the sample and its vector then looked about as cheap as the two indexes (cost
# 1,612 against 1,467-1,699, as ANALYZE's random sample fell) and took 10 ms of the
# counting statement at 100,000 letters where the indexes take 1. The statistics give
# it each expression's values and that the coarser one decides the finer (the
# functional dependency): the sample's read is costed 2,849, and the indexes win.
STATISTICS = "searchentry_sample_stats"
SAMPLES = "(mod(letter_id, 100)), (mod(letter_id, 1000))"


class Migration(migrations.Migration):

    dependencies = [
        ("letters", "0025_coarse_sample_index"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE STATISTICS {STATISTICS} ON {SAMPLES} FROM letters_searchentry;"
            " ANALYZE letters_searchentry;",
            reverse_sql=f"DROP STATISTICS {STATISTICS};",
        ),
    ]
