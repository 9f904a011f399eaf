/* rapport-store-cards.c
 *
 * The vCards customers were imported from, and how records from outside
 * (an import, another app's task) find their customer: the organization
 * an import names by name, the one customer with an email.
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-store-private.h"

gboolean
rapport_store_set_customer_card (RapportStore  *self,
                                 gint64         customer_id,
                                 const char    *card,
                                 GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer_id > 0, FALSE);

  if (card == NULL)
    {
      if (!(stmt = rapport_store_prepare (self, "DELETE FROM customer_card WHERE customer_id = ?", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, customer_id);
      return rapport_store_step_done (self, stmt, error);
    }

  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO customer_card (customer_id, card) VALUES (?1, ?2)"
                                      " ON CONFLICT (customer_id) DO UPDATE SET card = excluded.card",
                                      error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_text (stmt, 2, card, -1, SQLITE_TRANSIENT);

  return rapport_store_step_done (self, stmt, error);
}

char *
rapport_store_dup_customer_card (RapportStore  *self,
                                 gint64         customer_id,
                                 GError       **error)
{
  sqlite3_stmt *stmt;
  char *card = NULL;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self, "SELECT card FROM customer_card WHERE customer_id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    card = rapport_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    rapport_store_set_db_error (self, error);

  return card;
}

gint64
rapport_store_ensure_organization (RapportStore  *self,
                                   const char    *name,
                                   GError       **error)
{
  g_autofree char *folded = NULL;
  g_autoptr(RapportCustomer) organization = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  folded = rapport_store_fold (name);
  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT id FROM customer WHERE sort_key = ? AND kind = 1 AND deleted IS NULL"
                                      " ORDER BY id LIMIT 1",
                                      error)))
    return -1;
  sqlite3_bind_text (stmt, 1, folded, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id != 0)
    return id;

  organization = rapport_customer_new (RAPPORT_CUSTOMER_KIND_ORGANIZATION);
  organization->display_name = g_strdup (name);
  if (!rapport_store_add_received_customer (self, organization, error))
    return -1;

  return organization->id;
}

gint64
rapport_store_customer_id_by_uid (RapportStore *self,
                                  const char   *uid,
                                  int           kind)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), 0);

  if (uid == NULL ||
      !(stmt = rapport_store_prepare (self,
                                      "SELECT id FROM customer WHERE uid = ?1 AND deleted IS NULL"
                                      " AND (?2 < 0 OR kind = ?2)",
                                      NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, kind);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

gint64
rapport_store_customer_id_by_email (RapportStore *self,
                                    const char   *email)
{
  g_autofree char *folded = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), 0);

  if (email == NULL)
    return 0;

  folded = g_utf8_casefold (email, -1);
  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT DISTINCT e.customer_id FROM customer_email e"
                                      " JOIN customer c ON c.id = e.customer_id"
                                      " WHERE e.value_folded = ? AND c.deleted IS NULL LIMIT 2",
                                      NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, folded, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  /* Two customers share it: it names neither. */
  if (id != 0 && sqlite3_step (stmt) == SQLITE_ROW)
    id = 0;
  sqlite3_reset (stmt);

  return id;
}
