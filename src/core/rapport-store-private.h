/* rapport-store-private.h
 *
 * Shared between the rapport-store*.c files: the connection, the
 * statement cache, transactions and binding helpers.
 */
#pragma once

#include <sqlite3.h>

#include "rapport-store.h"

G_BEGIN_DECLS

struct _RapportStore
{
  GObject       parent_instance;
  char         *path;
  sqlite3      *db;
  GHashTable   *statements;   /* SQL text -> sqlite3_stmt */
  guint         depth;        /* nesting of rapport_store_begin */
  gboolean      failed;       /* an inner step failed: the outer one rolls back */
  GArray       *pending;      /* RapportPendingChange, emitted after commit */
  GHashTable   *type_ids;     /* customer type key -> id; dropped when types change */
  gboolean      wipe_wal;     /* empty the WAL after the commit: an erase */
};

typedef struct
{
  RapportEntity entity;
  RapportChange change;
  gint64        id;
} RapportPendingChange;

sqlite3_stmt *rapport_store_prepare        (RapportStore   *self,
                                            const char     *sql,
                                            GError        **error);
gboolean      rapport_store_exec           (RapportStore   *self,
                                            const char     *sql,
                                            GError        **error);
/* Steps a statement that returns no row (INSERT/UPDATE/DELETE) and resets it. */
gboolean      rapport_store_step_done      (RapportStore   *self,
                                            sqlite3_stmt   *stmt,
                                            GError        **error);
gboolean      rapport_store_begin          (RapportStore   *self,
                                            GError        **error);
/* Commits when @ok and this is the outermost level, else rolls back;
 * returns @ok && the commit succeeded. Emits the pending changes. */
gboolean      rapport_store_end            (RapportStore   *self,
                                            gboolean        ok,
                                            GError        **error);
void          rapport_store_queue_change   (RapportStore   *self,
                                            RapportEntity   entity,
                                            RapportChange   change,
                                            gint64          id);
/* Emits ::changed now, or after the commit when inside a transaction:
 * for writes made through another connection. */
void          rapport_store_notify_changed (RapportStore   *self,
                                            RapportEntity   entity,
                                            RapportChange   change,
                                            gint64          id);
gboolean      rapport_store_set_db_error   (RapportStore   *self,
                                            GError        **error);
gint64        rapport_store_now            (void);
char         *rapport_store_new_uid        (void);
/* Fold case and accents for sorting ("Müller" -> "muller"). */
char         *rapport_store_fold           (const char     *text);
gboolean      rapport_store_reindex_customer (RapportStore *self,
                                            gint64          id,
                                            GError        **error);

/* Steps @stmt to the end, reading each row into a new array; resets it.
 * NULL with an error when SQLite fails part way. */
typedef gpointer (*RapportRowReader) (sqlite3_stmt *stmt);
GPtrArray    *rapport_store_collect        (RapportStore   *self,
                                            sqlite3_stmt   *stmt,
                                            RapportRowReader read,
                                            GDestroyNotify  free_func,
                                            GError        **error);

/* Binding and reading helpers; empty strings are stored as NULL. */
void          rapport_bind_text            (sqlite3_stmt   *stmt,
                                            int             index,
                                            const char     *text);
void          rapport_bind_instant         (sqlite3_stmt   *stmt,
                                            int             index,
                                            gint64          instant);
void          rapport_bind_id              (sqlite3_stmt   *stmt,
                                            int             index,
                                            gint64          id);
char         *rapport_column_dup           (sqlite3_stmt   *stmt,
                                            int             column);

/* rapport-schema.c: migrate an open connection to @target (tests use
 * intermediate targets). */
gboolean      rapport_schema_migrate       (sqlite3        *db,
                                            int             target,
                                            GError        **error);
int           rapport_schema_get_version   (sqlite3        *db);
/* Fails with RAPPORT_ERROR_VERSION for a file of a newer Rapport. */
gboolean      rapport_schema_check_version (sqlite3        *db,
                                            GError        **error);

/* The search document of customers: names, organization, contact points
 * and notes. Written by the store in the same transaction as the customer
 * (rapport-store-customers.c), and by the migration to schema 6. */
#define RAPPORT_CUSTOMER_DOCUMENT \
  "SELECT c.id," \
  " c.display_name || ' ' || ifnull (c.given_name, '') || ' ' || ifnull (c.family_name, '')" \
  "   || ' ' || ifnull (c.phonetic_name, '')," \
  " ifnull ((SELECT o.display_name FROM customer o WHERE o.id = c.organization_id), '')," \
  " ifnull ((SELECT group_concat (value, ' ') FROM customer_email WHERE customer_id = c.id), '')" \
  "   || ' ' || ifnull ((SELECT group_concat (value || ' ' || ifnull (search, ''), ' ')" \
  "                      FROM customer_phone WHERE customer_id = c.id), '')," \
  " ifnull (c.job_title, '') || ' ' || ifnull (c.notes, '') || ' ' || ifnull (c.cultural_notes, '')" \
  " FROM customer c"

/* rapport-store-customers.c, for the CSV importer: inserts without
 * writing the search document; rapport_store_index_customers_after then
 * indexes every customer with a larger id in one statement. Phones are
 * taken as received (kept even when the user would be refused them). */
gboolean      rapport_store_insert_customer_row (RapportStore    *self,
                                            RapportCustomer *customer,
                                            GError         **error);
gboolean      rapport_store_index_customers_after (RapportStore *self,
                                            gint64          after_id,
                                            GError        **error);
/* The customer (not in the trash) with @uid, of @kind unless @kind < 0;
 * 0 when none. */
gint64        rapport_store_customer_id_by_uid (RapportStore *self,
                                                const char   *uid,
                                                int           kind);
/* The one customer (not in the trash) with @email, case aside; 0 when
 * none or several have it. */
gint64        rapport_store_customer_id_by_email (RapportStore *self,
                                                  const char   *email);
/* For the sync engine: a follow-up as another app wrote it, whose
 * recurrence is kept even where entry would refuse it (completing it
 * then says why it cannot repeat). */
gboolean      rapport_store_add_received_follow_up (RapportStore *self,
                                            RapportFollowUp *follow_up,
                                            GError         **error);
gboolean      rapport_store_update_received_follow_up (RapportStore *self,
                                            RapportFollowUp *follow_up,
                                            GError         **error);
/* What a user typed (any bytes; invalid ones are left out) as an FTS5
 * query in which every word must match: the start of a word when
 * @prefix, else a whole word. NULL when nothing searchable is left. */
char         *rapport_store_build_match    (const char     *text,
                                            gboolean        prefix);
/* Recomputes a customer's last_contact and next_follow_up. */
gboolean      rapport_store_refresh_customer_dates (RapportStore *self,
                                            gint64          customer_id,
                                            GError        **error);

G_END_DECLS
