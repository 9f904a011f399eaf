/* bench-query.c
 *
 * The search and due-list half of the core benchmark (build-aux/bench-core).
 * Opens a database made by bench-generate through the store and times, warm
 * and on the monotonic clock:
 *
 *  - 100 searches drawn from the data (names, partial names, accent-less
 *    spellings, emails, phone prefixes, organizations, history words), each
 *    through rapport_store_list_customer_ids() with a limit of 50 as the
 *    app runs them, and next to each the FTS5 MATCH the store used run
 *    directly on a plain SQLite connection;
 *  - the due list: rapport_store_list_due() for overdue and today, and
 *    rapport_store_count_due().
 *
 * Results are "key value" lines on stdout. --queries-file writes the same
 * MATCH statements as a script for the sqlite3 shell, --details a line per
 * query.
 */

#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "rapport-store-private.h"

#define N_QUERIES     100
#define SEARCH_LIMIT  50

/* The statement the comparison runs: the FTS5 MATCH of the customer index,
 * ranked, with the app's page size. */
#define RAW_CUSTOMER_SQL \
  "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ? ORDER BY rank LIMIT 50"
/* The history half of the store's search, for the breakdown. */
#define RAW_HISTORY_SQL \
  "SELECT rowid FROM interaction_fts WHERE interaction_fts MATCH ? ORDER BY rowid DESC LIMIT 2000"

typedef struct
{
  const char *kind;
  char       *text;     /* what a user types */
  char       *match;    /* the FTS5 query the store ran for it */
  double     *store_ms;
  double     *raw_ms;
  double     *history_ms;
  double     *store_sql_ms;
  guint       store_hits;
  guint       raw_hits;
  guint       history_hits;
} Query;

typedef struct
{
  char *match;          /* of the last search statement */
  char *sql;            /* its text, with parameters */
} Capture;

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1.0e6;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (const double *values,
        guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_double);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/* Nearest-rank percentile of @values (sorted in place). */
static double
percentile (double *values,
            guint   n,
            double  p)
{
  guint rank;

  qsort (values, n, sizeof (double), compare_double);
  rank = (guint) ceil (p * n);
  return values[CLAMP (rank, 1, n) - 1];
}

static double
mean (const double *values,
      guint         n)
{
  double sum = 0;

  for (guint i = 0; i < n; i++)
    sum += values[i];

  return n > 0 ? sum / n : 0;
}

/* Reads the SQL literal starting at @p (after its opening quote). */
static char *
read_sql_literal (const char *p)
{
  GString *out = g_string_new (NULL);

  for (; *p != '\0'; p++)
    {
      if (*p == '\'')
        {
          if (p[1] != '\'')
            break;
          p++;
        }
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static int
trace_cb (unsigned  type,
          void     *data,
          void     *p,
          void     *x)
{
  Capture *capture = data;
  sqlite3_stmt *stmt = p;
  const char *sql = sqlite3_sql (stmt);
  char *expanded;
  const char *literal;

  if (type != SQLITE_TRACE_STMT || sql == NULL || strstr (sql, "customer_fts MATCH ?") == NULL)
    return 0;

  expanded = sqlite3_expanded_sql (stmt);
  if (expanded != NULL && (literal = strstr (expanded, "customer_fts MATCH '")) != NULL)
    {
      g_free (capture->match);
      capture->match = read_sql_literal (literal + strlen ("customer_fts MATCH '"));
    }
  sqlite3_free (expanded);

  g_free (capture->sql);
  capture->sql = g_strdup (sql);

  return 0;
}

/* Runs @text through the store as the customer list does. */
static GArray *
store_search (RapportStore  *store,
              const char    *text,
              GError       **error)
{
  RapportCustomerQuery query = { 0 };

  query.search = text;
  query.sort = RAPPORT_SORT_NAME;
  query.limit = SEARCH_LIMIT;

  return rapport_store_list_customer_ids (store, &query, error);
}

static guint
raw_run (sqlite3_stmt *stmt,
         const char   *match,
         int           index)
{
  guint rows = 0;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, index, match, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows++;
  sqlite3_reset (stmt);

  return rows;
}

static sqlite3_stmt *
raw_prepare (sqlite3     *db,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, sqlite3_errmsg (db));
      return NULL;
    }

  return stmt;
}

/* One row of a sampling query, with @id bound to ?1: the first row with an
 * id of at least a random one, so that samples spread over the table. */
static char *
sample_text (sqlite3    *db,
             GRand      *rand,
             const char *sql,
             gint64      max_id)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));

  for (guint attempt = 0; attempt < 1000 && text == NULL; attempt++)
    {
      sqlite3_bind_int64 (stmt, 1, 1 + (gint64) (g_rand_double (rand) * max_id));
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
        text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  if (text == NULL)
    g_error ("No sample for %s", sql);

  return text;
}

static gint64
max_rowid (sqlite3    *db,
           const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT max(rowid) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 max = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    max = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return max;
}

static gboolean
is_ascii (const char *text)
{
  for (; *text != '\0'; text++)
    if ((guchar) *text >= 0x80)
      return FALSE;

  return TRUE;
}

/* The first @n characters of @text, lower-cased. */
static char *
utf8_prefix (const char *text,
             glong       n)
{
  g_autofree char *head = g_utf8_substring (text, 0, MIN (n, g_utf8_strlen (text, -1)));

  return g_utf8_strdown (head, -1);
}

static void
add_query (GPtrArray  *queries,
           const char *kind,
           char       *text)
{
  Query *query = g_new0 (Query, 1);

  query->kind = kind;
  query->text = text;
  g_ptr_array_add (queries, query);
}

static void
query_free (Query *query)
{
  g_free (query->text);
  g_free (query->match);
  g_free (query->store_ms);
  g_free (query->raw_ms);
  g_free (query->history_ms);
  g_free (query->store_sql_ms);
  g_free (query);
}

/* A varied set of 100 searches drawn from the data: what people type into
 * the search field of a CRM. */
static GPtrArray *
make_queries (sqlite3 *db,
              GRand   *rand)
{
  static const char *const history_words[] = {
    "refund", "warranty", "tracking", "invoice", "espresso", "grinder", "shredder", "voucher",
    "neighbour", "ruckruf", "facture", "reembolso", "rastreio", "technician", "premium",
  };
  static const char *const history_phrases[] = {
    "late delivery", "invoice copy", "coffee beans", "damaged parcel", "password reset",
  };
  GPtrArray *queries = g_ptr_array_new_with_free_func ((GDestroyNotify) query_free);
  gint64 max_customer = max_rowid (db, "customer");
  gint64 max_email = max_rowid (db, "customer_email");
  gint64 max_phone = max_rowid (db, "customer_phone");
  gint64 max_interaction = max_rowid (db, "interaction");

  for (guint i = 0; i < 20; i++)
    add_query (queries, "name",
               sample_text (db, rand, "SELECT display_name FROM customer WHERE id >= ?1 AND kind = 0"
                                      " ORDER BY id LIMIT 1", max_customer));

  for (guint i = 0; i < 15; i++)
    {
      g_autofree char *family = sample_text (db, rand,
                                             "SELECT family_name FROM customer WHERE id >= ?1 AND kind = 0"
                                             " ORDER BY id LIMIT 1", max_customer);

      add_query (queries, "partial-name", utf8_prefix (family, 3 + i % 3));
    }

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = NULL;

      /* Someone whose name has accents, typed without them: "muller". */
      do
        {
          g_free (name);
          name = sample_text (db, rand,
                              i % 2 ? "SELECT display_name FROM customer WHERE id >= ?1 AND kind = 0 ORDER BY id LIMIT 1"
                                    : "SELECT family_name FROM customer WHERE id >= ?1 AND kind = 0 ORDER BY id LIMIT 1",
                              max_customer);
        }
      while (is_ascii (name));

      add_query (queries, "accentless", rapport_store_fold (name));
    }

  for (guint i = 0; i < 10; i++)
    add_query (queries, "email",
               sample_text (db, rand, "SELECT value FROM customer_email WHERE id >= ?1 ORDER BY id LIMIT 1",
                            max_email));

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *email = sample_text (db, rand,
                                            "SELECT value FROM customer_email WHERE id >= ?1 ORDER BY id LIMIT 1",
                                            max_email);
      char *at = strchr (email, '@');

      if (at != NULL)
        *at = '\0';
      add_query (queries, "email-prefix", g_strndup (email, 4 + i % 4));
    }

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *phone = sample_text (db, rand,
                                            "SELECT value FROM customer_phone WHERE id >= ?1 ORDER BY id LIMIT 1",
                                            max_phone);

      add_query (queries, "phone-prefix", g_strndup (phone, 6 + i % 4));
    }

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = sample_text (db, rand,
                                           "SELECT display_name FROM customer WHERE id >= ?1 AND kind = 1"
                                           " ORDER BY id LIMIT 1", max_customer);

      if (i % 2 == 0)
        add_query (queries, "organization", g_steal_pointer (&name));
      else
        {
          g_auto(GStrv) words = g_strsplit (name, " ", 3);

          add_query (queries, "organization-word", g_strjoinv (" ", (char *[]) { words[0], words[1], NULL }));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (history_words); i++)
    add_query (queries, "history-word", g_strdup (history_words[i]));

  for (guint i = 0; i < G_N_ELEMENTS (history_phrases); i++)
    {
      /* An order number from a note, or a phrase. */
      if (i < 3)
        {
          g_autofree char *body = NULL;
          const char *order = NULL;

          while (order == NULL)
            {
              g_free (body);
              body = sample_text (db, rand, "SELECT body FROM interaction WHERE id >= ?1 ORDER BY id LIMIT 1",
                                  max_interaction);
              order = strstr (body, "Order R");
            }
          add_query (queries, "order-number", g_strndup (order + strlen ("Order "), 7));
        }
      else
        add_query (queries, "history-phrase", g_strdup (history_phrases[i]));
    }

  g_assert (queries->len == N_QUERIES);
  return queries;
}

static gboolean
write_queries_file (GPtrArray   *queries,
                    const char  *path,
                    guint        rounds,
                    GError     **error)
{
  g_autoptr(GString) script = g_string_new (NULL);

  g_string_append (script,
                   "-- The FTS5 MATCH of each search of bench-query, run directly: once to\n"
                   "-- warm up, then timed rounds in the order of the queries.\n"
                   ".timer off\n");

  for (guint round = 0; round <= rounds; round++)
    {
      if (round == 1)
        g_string_append (script, ".timer on\n");

      for (guint i = 0; i < queries->len; i++)
        {
          const Query *query = g_ptr_array_index (queries, i);
          char *sql = sqlite3_mprintf ("SELECT rowid FROM customer_fts WHERE customer_fts MATCH %Q"
                                       " ORDER BY rank LIMIT 50;\n", query->match);

          g_string_append (script, sql);
          sqlite3_free (sql);
        }
    }

  return g_file_set_contents (path, script->str, script->len, error);
}

static gboolean
write_details (GPtrArray   *queries,
               guint        rounds,
               const char  *path,
               GError     **error)
{
  g_autoptr(GString) out = g_string_new ("n\tkind\ttext\tmatch\tstore_ms\traw_ms\thistory_ms\tstore_sql_ms"
                                         "\tstore_hits\traw_hits\thistory_hits\n");

  for (guint i = 0; i < queries->len; i++)
    {
      const Query *query = g_ptr_array_index (queries, i);

      g_string_append_printf (out, "%u\t%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%u\t%u\t%u\n",
                              i + 1, query->kind, query->text, query->match,
                              median (query->store_ms, rounds), median (query->raw_ms, rounds),
                              median (query->history_ms, rounds), median (query->store_sql_ms, rounds),
                              query->store_hits, query->raw_hits, query->history_hits);
    }

  return g_file_set_contents (path, out->str, out->len, error);
}

static void
print_stats (const char *prefix,
             double     *values,
             guint       n)
{
  double average = mean (values, n);

  g_print ("%s_p50_ms %.3f\n", prefix, percentile (values, n, 0.50));
  g_print ("%s_p95_ms %.3f\n", prefix, percentile (values, n, 0.95));
  g_print ("%s_max_ms %.3f\n", prefix, values[n - 1]);
  g_print ("%s_mean_ms %.3f\n", prefix, average);
}

static gboolean
bench_search (RapportStore  *store,
              sqlite3       *raw,
              GPtrArray     *queries,
              guint          rounds,
              GError       **error)
{
  Capture capture = { 0 };
  g_autofree double *store_medians = g_new0 (double, queries->len);
  g_autofree double *raw_medians = g_new0 (double, queries->len);
  g_autofree double *both_medians = g_new0 (double, queries->len);
  g_autofree double *store_sql_medians = g_new0 (double, queries->len);
  sqlite3_stmt *raw_customer = NULL;
  sqlite3_stmt *raw_history = NULL;
  sqlite3_stmt *raw_store = NULL;
  guint empty = 0;
  gboolean ok = FALSE;

  /* First pass: learn the MATCH and the SQL of each search from the
   * store's own connection; this also warms the caches. */
  sqlite3_trace_v2 (store->db, SQLITE_TRACE_STMT, trace_cb, &capture);
  for (guint i = 0; i < queries->len; i++)
    {
      Query *query = g_ptr_array_index (queries, i);
      g_autoptr(GArray) ids = NULL;

      g_clear_pointer (&capture.match, g_free);
      if (!(ids = store_search (store, query->text, error)))
        goto out;
      if (capture.match == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "The search “%s” ran no full-text query", query->text);
          goto out;
        }
      query->match = g_steal_pointer (&capture.match);
      query->store_hits = ids->len;
      if (ids->len == 0)
        empty++;
    }
  sqlite3_trace_v2 (store->db, 0, NULL, NULL);

  if (!(raw_customer = raw_prepare (raw, RAW_CUSTOMER_SQL, error)) ||
      !(raw_history = raw_prepare (raw, RAW_HISTORY_SQL, error)) ||
      !(raw_store = raw_prepare (raw, capture.sql, error)))
    goto out;

  /* Second pass: warm the plain connection as well. */
  for (guint i = 0; i < queries->len; i++)
    {
      Query *query = g_ptr_array_index (queries, i);

      query->raw_hits = raw_run (raw_customer, query->match, 1);
      query->history_hits = raw_run (raw_history, query->match, 1);
      raw_run (raw_store, query->match, 1);
      query->store_ms = g_new0 (double, rounds);
      query->raw_ms = g_new0 (double, rounds);
      query->history_ms = g_new0 (double, rounds);
      query->store_sql_ms = g_new0 (double, rounds);
    }

  for (guint round = 0; round < rounds; round++)
    for (guint i = 0; i < queries->len; i++)
      {
        Query *query = g_ptr_array_index (queries, i);
        g_autoptr(GArray) ids = NULL;
        double start;

        start = now_ms ();
        ids = store_search (store, query->text, error);
        query->store_ms[round] = now_ms () - start;
        if (ids == NULL)
          goto out;

        start = now_ms ();
        raw_run (raw_customer, query->match, 1);
        query->raw_ms[round] = now_ms () - start;

        start = now_ms ();
        raw_run (raw_history, query->match, 1);
        query->history_ms[round] = now_ms () - start;

        start = now_ms ();
        raw_run (raw_store, query->match, 1);
        query->store_sql_ms[round] = now_ms () - start;
      }

  for (guint i = 0; i < queries->len; i++)
    {
      const Query *query = g_ptr_array_index (queries, i);

      store_medians[i] = median (query->store_ms, rounds);
      raw_medians[i] = median (query->raw_ms, rounds);
      both_medians[i] = raw_medians[i] + median (query->history_ms, rounds);
      store_sql_medians[i] = median (query->store_sql_ms, rounds);
      g_print ("query.%03u %s %s\n", i + 1, query->kind, query->text);
      g_print ("match.%03u %s\n", i + 1, query->match);
    }

  g_print ("store_sql %s\n", capture.sql);
  g_print ("raw_sql %s\n", RAW_CUSTOMER_SQL);
  g_print ("search_queries %u\n", queries->len);
  g_print ("search_rounds %u\n", rounds);
  g_print ("search_empty_results %u\n", empty);
  /* Per query the median of its rounds; the percentiles are over queries. */
  print_stats ("search_store", store_medians, queries->len);
  print_stats ("search_raw", raw_medians, queries->len);
  print_stats ("search_raw_both_indexes", both_medians, queries->len);
  print_stats ("search_store_sql_plain", store_sql_medians, queries->len);
  ok = TRUE;

out:
  sqlite3_trace_v2 (store->db, 0, NULL, NULL);
  sqlite3_finalize (raw_customer);
  sqlite3_finalize (raw_history);
  sqlite3_finalize (raw_store);
  g_free (capture.match);
  g_free (capture.sql);

  return ok;
}

static gboolean
bench_due (RapportStore  *store,
           guint          rounds,
           GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree double *overdue_ms = g_new0 (double, rounds);
  g_autofree double *today_ms = g_new0 (double, rounds);
  g_autofree double *list_ms = g_new0 (double, rounds);
  g_autofree double *count_ms = g_new0 (double, rounds);
  g_autofree double *page_ms = g_new0 (double, rounds);
  guint overdue_rows = 0, today_rows = 0, overdue_count = 0, today_count = 0;

  /* Warm up. */
  for (guint range = RAPPORT_DUE_OVERDUE; range <= RAPPORT_DUE_TODAY; range++)
    {
      g_autoptr(GPtrArray) list = rapport_store_list_due (store, range, now, 0, error);

      if (list == NULL)
        return FALSE;
      if (range == RAPPORT_DUE_OVERDUE)
        overdue_rows = list->len;
      else
        today_rows = list->len;
    }

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GPtrArray) overdue = NULL;
      g_autoptr(GPtrArray) today = NULL;
      double start;

      start = now_ms ();
      overdue = rapport_store_list_due (store, RAPPORT_DUE_OVERDUE, now, 0, error);
      overdue_ms[round] = now_ms () - start;

      start = now_ms ();
      today = rapport_store_list_due (store, RAPPORT_DUE_TODAY, now, 0, error);
      today_ms[round] = now_ms () - start;
      list_ms[round] = overdue_ms[round] + today_ms[round];

      if (overdue == NULL || today == NULL)
        return FALSE;

      /* What the Follow-ups view shows first: a screenful of each list. */
      {
        g_autoptr(GPtrArray) overdue_page = NULL;
        g_autoptr(GPtrArray) today_page = NULL;

        start = now_ms ();
        overdue_page = rapport_store_list_due (store, RAPPORT_DUE_OVERDUE, now, 100, error);
        today_page = rapport_store_list_due (store, RAPPORT_DUE_TODAY, now, 100, error);
        page_ms[round] = now_ms () - start;

        if (overdue_page == NULL || today_page == NULL)
          return FALSE;
      }

      start = now_ms ();
      overdue_count = rapport_store_count_due (store, RAPPORT_DUE_OVERDUE, now, NULL);
      today_count = rapport_store_count_due (store, RAPPORT_DUE_TODAY, now, NULL);
      count_ms[round] = now_ms () - start;
    }

  g_print ("due_overdue_rows %u\n", overdue_rows);
  g_print ("due_today_rows %u\n", today_rows);
  g_print ("due_overdue_count %u\n", overdue_count);
  g_print ("due_today_count %u\n", today_count);
  g_print ("due_rounds %u\n", rounds);
  g_print ("due_overdue_ms %.3f\n", median (overdue_ms, rounds));
  g_print ("due_today_ms %.3f\n", median (today_ms, rounds));
  g_print ("due_list_ms %.3f\n", median (list_ms, rounds));
  g_print ("due_list_max_ms %.3f\n", percentile (list_ms, rounds, 1.0));
  g_print ("due_count_ms %.3f\n", median (count_ms, rounds));
  g_print ("due_page_ms %.3f\n", median (page_ms, rounds));

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *queries_path = NULL;
  g_autofree char *details_path = NULL;
  gint seed = 1;
  gint rounds = 7;
  gint due_rounds = 20;
  sqlite3 *raw = NULL;
  GRand *rand;
  struct rusage usage;
  double start;
  int status = 0;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database made by bench-generate", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed for drawing the queries (1)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Timed runs of each search (7)", "N" },
    { "due-rounds", 0, 0, G_OPTION_ARG_INT, &due_rounds, "Timed runs of the due list (20)", "N" },
    { "queries-file", 0, 0, G_OPTION_ARG_FILENAME, &queries_path,
      "Write the MATCH statements as a script for the sqlite3 shell", "FILE" },
    { "details", 0, 0, G_OPTION_ARG_FILENAME, &details_path, "Write a line per query (TSV)", "FILE" },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new ("- time searches and the due list of the Rapport core");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-query: %s\n", error->message);
      return 2;
    }

  if (db_path == NULL || rounds < 1 || due_rounds < 1)
    {
      g_printerr ("bench-query: give --db FILE, and rounds of 1 or more\n");
      return 2;
    }

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-query: %s does not exist; run bench-generate first\n", db_path);
      return 1;
    }

  start = now_ms ();
  if (!(store = rapport_store_open (db_path, &error)))
    {
      g_printerr ("bench-query: %s\n", error->message);
      return 1;
    }
  g_print ("open_ms %.3f\n", now_ms () - start);

  /* The comparison: a plain connection with SQLite's defaults, as the
   * sqlite3 shell opens it. */
  if (sqlite3_open_v2 (db_path, &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_printerr ("bench-query: %s: %s\n", db_path, sqlite3_errmsg (raw));
      sqlite3_close (raw);
      return 1;
    }

  rand = g_rand_new_with_seed ((guint32) seed);
  queries = make_queries (raw, rand);
  g_rand_free (rand);

  if (!bench_search (store, raw, queries, rounds, &error) ||
      !bench_due (store, due_rounds, &error) ||
      (queries_path != NULL && !write_queries_file (queries, queries_path, rounds, &error)) ||
      (details_path != NULL && !write_details (queries, rounds, details_path, &error)))
    {
      g_printerr ("bench-query: %s\n", error->message);
      status = 1;
    }

  sqlite3_close (raw);

  getrusage (RUSAGE_SELF, &usage);
  g_print ("query_peak_rss_kib %ld\n", usage.ru_maxrss);

  return status;
}
