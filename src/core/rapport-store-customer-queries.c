/* rapport-store-customer-queries.c
 *
 * Finding customers: the search match (FTS5, phone numbers in any
 * writing, whole email addresses), the customer lists and counts, an
 * organization's members, and the customer types.
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-error.h"
#include "rapport-phone.h"
#include "rapport-store-customers-private.h"
#include "rapport-store-private.h"
#include "rapport-text.h"
#include "rapport-time.h"
#include "rapport-validate.h"

/* When @text is written like a phone number ("+49 30 1234567", "030 12",
 * "(0)20 7946"), the digits it dials as one word, and those of its E.164
 * form in the user's region: the index holds a phone's E.164 digits, its
 * national significant number and its national format's digits as words
 * (rapport_phone_dup_search_words), so any spacing finds it. */
static void
add_phone_match (GString    *match,
                 const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(RapportPhone) phone = NULL;
  g_autofree char *region = NULL;
  g_autofree char *original = NULL;
  gboolean separated = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (strchr ("+()-./ \t", *p) != NULL)
        separated = separated || digits->len > 0 || *p == '+';
      else
        return;
    }

  /* One run of digits is one word already. */
  if (digits->len < 2 || !separated)
    return;

  original = g_string_free (g_string_new_len (match->str, match->len), FALSE);
  g_string_printf (match, "(%s) OR \"%s\"*", original, digits->str);

  region = rapport_phone_dup_user_region ();
  phone = rapport_phone_parse (text, region, "phone", NULL);
  if (phone != NULL && rapport_phone_get_extension (phone) == NULL &&
      strcmp (rapport_phone_get_e164 (phone) + 1, digits->str) != 0)
    g_string_append_printf (match, " OR \"%s\"*", rapport_phone_get_e164 (phone) + 1);
}

/* A whole email address ("ada@example.com") is matched as written: as a
 * prefix its last part ("com"*) would match nearly every document. */
static gboolean
is_complete_email (const char *word)
{
  const char *at = strchr (word, '@');

  return at != NULL && at != word && strchr (at, '.') != NULL &&
         word[strlen (word) - 1] != '.';
}

/* Turns what a user typed into an FTS5 query in which every word must
 * match: the start of a word when @prefix, else a whole word. FTS syntax
 * in the input is inert. NULL when nothing searchable is left. */
char *
rapport_store_build_match (const char *text,
                           gboolean    prefix)
{
  g_auto(GStrv) words = NULL;
  GString *match;

  if (text == NULL)
    return NULL;

  words = g_strsplit_set (text, " \t\r\n", -1);
  match = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(GString) word = g_string_new (NULL);
      gboolean has_word_char = FALSE;
      const char *end = words[i] + strlen (words[i]);

      /* Any bytes: a character is read only where it is valid and
       * complete, and invalid bytes are left out. */
      for (const char *p = words[i]; p < end; )
        {
          gunichar c = g_utf8_get_char_validated (p, end - p);

          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              p++;
              continue;
            }

          if (g_unichar_isalnum (c))
            has_word_char = TRUE;
          if (c == '"')
            g_string_append_c (word, '"');
          g_string_append_unichar (word, c);
          p = g_utf8_next_char (p);
        }

      if (!has_word_char)
        continue;

      if (match->len > 0)
        g_string_append_c (match, ' ');
      g_string_append_c (match, '"');
      g_string_append_len (match, word->str, word->len);
      g_string_append_c (match, '"');
      if (prefix && !is_complete_email (words[i]))
        g_string_append_c (match, '*');
    }

  if (match->len == 0)
    {
      g_string_free (match, TRUE);
      return NULL;
    }

  if (prefix)
    add_phone_match (match, text);

  return g_string_free (match, FALSE);
}

/* History is searched for whole words, and only the newest matches: as
 * prefixes over a million interactions a short word merges lists of a
 * hundred thousand rows. */
#define HISTORY_MATCH_LIMIT 200

static GString *
build_query (RapportStore               *self,
             const RapportCustomerQuery *query,
             const char                 *match,
             gboolean                    initial,
             gint64                      type_id,
             gboolean                    derivable,
             const char                 *columns)
{
  GString *sql = g_string_new (NULL);
  const char *type_key = query->type_key;

  if (initial)
    g_string_append_printf (sql,
                            "SELECT %s FROM customer c WHERE c.deleted IS NULL"
                            " AND c.sort_key >= ?4 AND c.sort_key < ?5",
                            columns);
  else if (match != NULL)
    g_string_append_printf (sql,
                            "WITH hits (id, score) AS ("
                            " SELECT rowid, rank FROM customer_fts WHERE customer_fts MATCH ?1"
                            " UNION ALL"
                            " SELECT i.customer_id, 1e9 FROM interaction i WHERE i.id IN"
                            "  (SELECT rowid FROM interaction_fts WHERE interaction_fts MATCH ?4"
                            "   ORDER BY rowid DESC LIMIT %d))"
                            " SELECT %s FROM hits h JOIN customer c ON c.id = h.id WHERE c.deleted IS NULL",
                            HISTORY_MATCH_LIMIT, columns);
  else
    g_string_append_printf (sql, "SELECT %s FROM customer c WHERE c.deleted IS NULL", columns);

  if (query->kind_set)
    g_string_append (sql, " AND c.kind = ?3");

  if (type_id > 0)
    {
      static const char returning_sql[] =
        "(c.id IN (SELECT customer_id FROM interaction GROUP BY customer_id"
        "          HAVING count (DISTINCT occurred_at / 86400) >= 2)"
        " OR c.id IN (SELECT customer_id FROM contract GROUP BY customer_id HAVING count (*) >= 2))";
      static const char stored_new_or_returning[] =
        "c.id IN (SELECT l.customer_id FROM customer_type_link l JOIN customer_type t ON t.id = l.type_id"
        "         WHERE t.key IN ('new', 'returning'))";

      g_string_append (sql, " AND (c.id IN (SELECT customer_id FROM customer_type_link WHERE type_id = ?2)");
      if (derivable && g_strcmp0 (type_key, "returning") == 0)
        g_string_append_printf (sql, " OR (NOT %s AND %s)", stored_new_or_returning, returning_sql);
      else if (derivable && g_strcmp0 (type_key, "new") == 0)
        g_string_append_printf (sql, " OR (NOT %s AND NOT %s)", stored_new_or_returning, returning_sql);
      g_string_append (sql, ")");
    }

  if (initial)
    g_string_append (sql, " ORDER BY c.sort_key, c.id");
  else if (match != NULL)
    g_string_append (sql, " GROUP BY c.id ORDER BY min (h.score), c.sort_key, c.id");
  else
    {
      switch (query->sort)
        {
        case RAPPORT_SORT_LAST_CONTACT:
          g_string_append (sql, " ORDER BY c.last_contact IS NULL, c.last_contact DESC, c.sort_key, c.id");
          break;

        case RAPPORT_SORT_NEXT_FOLLOW_UP:
          g_string_append (sql, " ORDER BY c.next_follow_up IS NULL, c.next_follow_up, c.sort_key, c.id");
          break;

        case RAPPORT_SORT_NAME:
        default:
          g_string_append (sql, " ORDER BY c.sort_key, c.id");
          break;
        }
    }

  if (query->limit > 0)
    g_string_append_printf (sql, " LIMIT %u OFFSET %u", query->limit, query->offset);
  else if (query->offset > 0)
    g_string_append_printf (sql, " LIMIT -1 OFFSET %u", query->offset);

  return sql;
}

static sqlite3_stmt *
run_query (RapportStore               *self,
           const RapportCustomerQuery *query,
           const char                 *columns,
           gboolean                   *empty,
           GError                    **error)
{
  static const RapportCustomerQuery default_query = { 0 };
  g_autofree char *match = NULL;
  g_autofree char *history_match = NULL;
  g_autofree char *initial = NULL;
  g_autofree char *initial_end = NULL;
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;
  gint64 type_id = 0;
  gboolean derivable = FALSE;

  *empty = FALSE;
  if (query == NULL)
    query = &default_query;

  if (!rapport_text_check (query->search, -1, RAPPORT_TEXT_SHORT, _("search"), error) ||
      !rapport_text_check (query->type_key, -1, RAPPORT_TEXT_CODE, _("type"), error))
    return NULL;

  if (query->search != NULL && !rapport_store_is_blank (query->search))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (query->search));

      /* One letter (the first key typed) lists the names that begin with
       * it, from the index of names: as a prefix of every word it would
       * match a third of the customers and their whole history. */
      if (g_utf8_strlen (trimmed, -1) == 1 && g_unichar_isalnum (g_utf8_get_char (trimmed)))
        {
          gunichar next;
          char buf[8] = { 0 };

          initial = rapport_store_fold (trimmed);
          next = g_utf8_get_char (initial) + 1;
          g_unichar_to_utf8 (next, buf);
          initial_end = g_strdup (buf);
        }

      match = rapport_store_build_match (query->search, TRUE);
      history_match = rapport_store_build_match (query->search, FALSE);
      if (match == NULL)
        {
          *empty = TRUE;
          return NULL;
        }
    }

  if (query->type_key != NULL && *query->type_key != '\0')
    {
      g_autofree char *key = g_utf8_strdown (query->type_key, -1);

      if ((type_id = rapport_store_lookup_type_id (self, key, error)) <= 0)
        return NULL;
      derivable = g_str_equal (key, "new") || g_str_equal (key, "returning");
    }

  sql = build_query (self, query, initial != NULL ? NULL : match, initial != NULL, type_id, derivable, columns);
  if (!(stmt = rapport_store_prepare (self, sql->str, error)))
    return NULL;

  if (initial != NULL)
    {
      sqlite3_bind_text (stmt, 4, initial, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, initial_end, -1, SQLITE_TRANSIENT);
    }
  else if (match != NULL)
    {
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, history_match, -1, SQLITE_TRANSIENT);
    }
  if (type_id > 0)
    sqlite3_bind_int64 (stmt, 2, type_id);
  if (query->kind_set)
    sqlite3_bind_int (stmt, 3, query->kind);

  return stmt;
}

GArray *
rapport_store_list_customer_ids (RapportStore                *self,
                                 const RapportCustomerQuery  *query,
                                 GError                     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  gboolean empty;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = run_query (self, query, "c.id", &empty, error)))
    return empty ? g_steal_pointer (&ids) : NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      rapport_store_set_db_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

GPtrArray *
rapport_store_list_customers (RapportStore                *self,
                              const RapportCustomerQuery  *query,
                              GError                     **error)
{
  GPtrArray *customers;
  sqlite3_stmt *stmt;
  gboolean empty;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = run_query (self, query, CUSTOMER_COLUMNS, &empty, error)))
    return empty ? g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_customer_free) : NULL;

  customers = rapport_store_collect (self, stmt, (RapportRowReader) rapport_store_read_customer_row,
                                     (GDestroyNotify) rapport_customer_free, error);

  for (guint i = 0; customers != NULL && i < customers->len; i++)
    rapport_store_load_customer_children (self, g_ptr_array_index (customers, i));

  return customers;
}

guint
rapport_store_count_customers (RapportStore  *self,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), 0);

  if (!(stmt = rapport_store_prepare (self, "SELECT count (*) FROM customer WHERE deleted IS NULL", error)))
    return 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return count;
}

GPtrArray *
rapport_store_list_members (RapportStore  *self,
                            gint64         organization_id,
                            GError       **error)
{
  GPtrArray *members;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT " CUSTOMER_COLUMNS " FROM customer c"
                                      " WHERE c.organization_id = ? AND c.deleted IS NULL ORDER BY c.sort_key",
                                      error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, organization_id);
  members = rapport_store_collect (self, stmt, (RapportRowReader) rapport_store_read_customer_row,
                                   (GDestroyNotify) rapport_customer_free, error);

  for (guint i = 0; members != NULL && i < members->len; i++)
    rapport_store_load_customer_children (self, g_ptr_array_index (members, i));

  return members;
}

static RapportCustomerType *
read_customer_type (sqlite3_stmt *stmt)
{
  RapportCustomerType *type = rapport_customer_type_new ();

  type->id = sqlite3_column_int64 (stmt, 0);
  type->key = rapport_column_dup (stmt, 1);
  type->name = rapport_column_dup (stmt, 2);
  type->description = rapport_column_dup (stmt, 3);
  type->builtin = sqlite3_column_int (stmt, 4);
  type->derivable = sqlite3_column_int (stmt, 5);

  return type;
}

GPtrArray *
rapport_store_list_customer_types (RapportStore  *self,
                                   GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT id, key, name, description, builtin, derivable FROM customer_type"
                                      " ORDER BY builtin DESC, id",
                                      error)))
    return NULL;

  return rapport_store_collect (self, stmt, (RapportRowReader) read_customer_type,
                                (GDestroyNotify) rapport_customer_type_free, error);
}

gboolean
rapport_customer_type_key_is_valid (const char *key)
{
  if (key == NULL || *key == '\0' || strlen (key) > 40)
    return FALSE;

  for (const char *p = key; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;

  return TRUE;
}

char *
rapport_customer_type_key_for_name (const char *name)
{
  g_autofree char *folded = NULL;
  GString *slug;

  g_return_val_if_fail (name != NULL, NULL);

  if (rapport_customer_type_key_is_valid (name))
    return g_strdup (name);

  folded = rapport_store_fold (name);
  slug = g_string_new (NULL);
  for (const char *p = folded; *p != '\0' && slug->len < 40; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);

  /* Nothing left of it in ASCII: a key from its checksum. */
  if (slug->len == 0)
    {
      g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);

      g_string_printf (slug, "c-%.12s", sum);
    }

  return g_string_free (slug, FALSE);
}

gboolean
rapport_store_add_customer_type (RapportStore         *self,
                                 RapportCustomerType  *type,
                                 GError              **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  if (!rapport_customer_type_check_text (type, error))
    return FALSE;

  rapport_store_tidy (&type->name);
  rapport_store_tidy (&type->description);

  if (type->key == NULL && type->name != NULL)
    type->key = rapport_customer_type_key_for_name (type->name);

  if (type->name == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("name: a customer type needs a name"));
      return FALSE;
    }

  if (!rapport_customer_type_key_is_valid (type->key))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("key: “%s” must be lower-case letters, digits and hyphens"),
                   type->key ? type->key : "");
      return FALSE;
    }

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO customer_type (key, name, description, builtin, derivable)"
                                      " VALUES (?, ?, ?, 0, 0)",
                                      error)))
    goto out;

  sqlite3_bind_text (stmt, 1, type->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, type->name, -1, SQLITE_STATIC);
  rapport_bind_text (stmt, 3, type->description);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gboolean duplicate = (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE);

      sqlite3_reset (stmt);
      if (duplicate)
        g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT,
                     _("key: the customer type “%s” already exists"), type->key);
      else
        rapport_store_set_db_error (self, error);
      goto out;
    }
  sqlite3_reset (stmt);

  type->id = sqlite3_last_insert_rowid (self->db);
  g_hash_table_remove_all (self->type_ids);
  type->builtin = FALSE;
  type->derivable = FALSE;
  rapport_store_queue_change (self, RAPPORT_ENTITY_CUSTOMER_TYPE, RAPPORT_CHANGE_ADDED, type->id);
  ok = TRUE;

out:
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_delete_customer_type (RapportStore  *self,
                                    const char    *key,
                                    GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean builtin = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!rapport_text_check (key, -1, RAPPORT_TEXT_CODE, _("type"), error))
    return FALSE;

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!(stmt = rapport_store_prepare (self, "SELECT id, builtin FROM customer_type WHERE key = ?", error)))
    goto out;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      builtin = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (id == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("type: “%s” is not a customer type"), key);
      goto out;
    }

  if (builtin)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("type: “%s” is built in and cannot be removed"), key);
      goto out;
    }

  if (!(stmt = rapport_store_prepare (self, "DELETE FROM customer_type WHERE id = ?", error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!rapport_store_step_done (self, stmt, error))
    goto out;

  g_hash_table_remove_all (self->type_ids);
  rapport_store_queue_change (self, RAPPORT_ENTITY_CUSTOMER_TYPE, RAPPORT_CHANGE_REMOVED, id);
  ok = TRUE;

out:
  return rapport_store_end (self, ok, error);
}
