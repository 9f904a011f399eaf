/* rapport-sync-history.c
 *
 * The sync engine's history calendar (rapport-sync.c): interactions as
 * VJOURNAL, or as completed VTODO where the calendar takes no journals.
 */

#define G_LOG_DOMAIN "rapport-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-ical-records.h"
#include "rapport-phone.h"
#include "rapport-records.h"
#include "rapport-store-notices.h"
#include "rapport-store-private.h"
#include "rapport-sync-private.h"
#include "rapport-text.h"
#include "rapport-vcard-customer.h"

/* History: VJOURNAL, or a completed VTODO where the calendar has no VJOURNAL */

typedef enum
{
  IN_CUSTOMER,
  IN_WHEN,
  IN_CHANNEL,
  IN_DIRECTION,
  IN_CONTACT_NAME,
  IN_CONTACT_POINT,
  IN_SUBJECT,
  IN_BODY,
  IN_ACTION_REQUESTED,
  IN_ACTION_PROMISED,
  IN_RECORDED_BY,
  IN_HANDLE_TIME,
  IN_OUTCOME,
  N_INTERACTION_FIELDS
} InteractionField;

static const char * const interaction_fields[N_INTERACTION_FIELDS] = {
  "customer", "when", "channel", "direction", "contact_name", "contact_point",
  "subject", "body", "action_requested", "action_promised", "recorded_by",
  "handle_time", "outcome",
};

static gboolean
interaction_parse (Sync        *s,
                   const char  *text,
                   Parsed      *out,
                   GError     **error)
{
  g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();

  if (!rapport_ical_read_interaction (text, -1, interaction, NULL, &out->ref_uid, NULL, error))
    return FALSE;

  if (interaction->uid == NULL || *interaction->uid == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE, _("The journal entry has no UID"));
      g_clear_pointer (&out->ref_uid, g_free);
      return FALSE;
    }

  out->record = g_steal_pointer (&interaction);
  return TRUE;
}

static const char *
interaction_get_uid (gpointer record)
{
  return ((RapportInteraction *) record)->uid;
}

static gpointer
interaction_copy (gpointer record)
{
  return rapport_interaction_copy (record);
}

static void
interaction_free (gpointer record)
{
  rapport_interaction_free (record);
}

static gpointer
interaction_create (const Parsed *remote)
{
  RapportInteraction *interaction = rapport_interaction_new ();

  interaction->uid = g_strdup (((RapportInteraction *) remote->record)->uid);
  return interaction;
}

static gint64
interaction_find (Sync       *s,
                  const char *uid,
                  gboolean   *trashed)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  *trashed = FALSE;
  if (!(stmt = rapport_store_prepare (s->db, "SELECT id FROM interaction WHERE uid = ?", NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static gpointer
interaction_load (Sync    *s,
                  gint64   id,
                  GError **error)
{
  return rapport_store_get_interaction (s->db, id, error);
}

static char *
name_of_customer (Sync   *s,
                  gint64  id)
{
  sqlite3_stmt *stmt;
  char *name = NULL;

  if (!(stmt = rapport_store_prepare (s->db, "SELECT display_name FROM customer WHERE id = ?", NULL)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = rapport_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return name;
}

static char *
interaction_render_local (Sync     *s,
                          gpointer  record,
                          GError  **error)
{
  RapportInteraction *interaction = record;
  g_autofree char *customer_uid = rapport_sync_uid_of_customer (s, interaction->customer_id);
  g_autofree char *customer_name = name_of_customer (s, interaction->customer_id);

  return rapport_ical_from_interaction (interaction, customer_uid, customer_name,
                                        RAPPORT_ICAL_INTERACTION_JOURNAL, error);
}

static char *
interaction_render_remote (Sync        *s,
                           Collection  *c,
                           gpointer     record,
                           const char  *remote_copy,
                           GError     **error)
{
  RapportInteraction *interaction = record;
  g_autofree char *customer_uid = rapport_sync_uid_of_customer (s, interaction->customer_id);
  g_autofree char *customer_name = name_of_customer (s, interaction->customer_id);

  if (remote_copy != NULL)
    return rapport_ical_update_interaction (remote_copy, interaction, customer_uid, customer_name, error);

  return rapport_ical_from_interaction (interaction, customer_uid, customer_name,
                                        (c->remote->components & RAPPORT_DAV_COMPONENT_VJOURNAL)
                                        ? RAPPORT_ICAL_INTERACTION_JOURNAL : RAPPORT_ICAL_INTERACTION_TODO,
                                        error);
}

static char *
interaction_field_text (const Parsed *p,
                        guint         field)
{
  const RapportInteraction *i = p->record;

  switch ((InteractionField) field)
    {
    case IN_CUSTOMER: return g_strdup (p->ref_uid);
    case IN_WHEN: return g_strdup_printf ("%" G_GINT64_FORMAT, i->when);
    case IN_CHANNEL: return g_strdup_printf ("%d", i->channel);
    case IN_DIRECTION: return g_strdup_printf ("%d", i->direction);
    case IN_CONTACT_NAME: return g_strdup (i->contact_name);
    case IN_CONTACT_POINT: return g_strdup (i->contact_point);
    case IN_SUBJECT: return g_strdup (i->subject);
    case IN_BODY: return g_strdup (i->body);
    case IN_ACTION_REQUESTED: return g_strdup (i->action_requested);
    case IN_ACTION_PROMISED: return g_strdup (i->action_promised);
    case IN_RECORDED_BY: return g_strdup (i->recorded_by);
    case IN_HANDLE_TIME: return g_strdup_printf ("%" G_GINT64_FORMAT, i->handle_time);
    case IN_OUTCOME: return g_strdup (i->outcome);
    case N_INTERACTION_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static void
interaction_field_take (Sync         *s,
                        Parsed       *dst,
                        const Parsed *src,
                        guint         field)
{
  RapportInteraction *d = dst->record;
  const RapportInteraction *i = src->record;

  switch ((InteractionField) field)
    {
    case IN_CUSTOMER:
      rapport_sync_take_string (&dst->ref_uid, src->ref_uid);
      d->customer_id = rapport_sync_customer_id_by_uid (s, src->ref_uid, -1);
      break;
    case IN_WHEN: d->when = i->when; break;
    case IN_CHANNEL: d->channel = i->channel; break;
    case IN_DIRECTION: d->direction = i->direction; break;
    case IN_CONTACT_NAME: rapport_sync_take_string (&d->contact_name, i->contact_name); break;
    case IN_CONTACT_POINT: rapport_sync_take_string (&d->contact_point, i->contact_point); break;
    case IN_SUBJECT: rapport_sync_take_string (&d->subject, i->subject); break;
    case IN_BODY: rapport_sync_take_string (&d->body, i->body); break;
    case IN_ACTION_REQUESTED: rapport_sync_take_string (&d->action_requested, i->action_requested); break;
    case IN_ACTION_PROMISED: rapport_sync_take_string (&d->action_promised, i->action_promised); break;
    case IN_RECORDED_BY: rapport_sync_take_string (&d->recorded_by, i->recorded_by); break;
    case IN_HANDLE_TIME: d->handle_time = i->handle_time; break;
    case IN_OUTCOME: rapport_sync_take_string (&d->outcome, i->outcome); break;
    case N_INTERACTION_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
interaction_write (Sync     *s,
                   Parsed   *merged,
                   gint64    id,
                   gboolean  trashed,
                   GError  **error)
{
  RapportInteraction *interaction = merged->record;

  rapport_sync_note_cuts (s, interaction->uid, rapport_interaction_fit_text (interaction));

  if (interaction->customer_id == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("history entry “%s”: it names no customer of this database"),
                   interaction->subject != NULL ? interaction->subject : interaction->uid);
      return FALSE;
    }

  if (id == 0)
    {
      interaction->id = 0;
      return rapport_store_add_interaction (s->db, interaction, error);
    }

  interaction->id = id;
  return rapport_store_update_interaction (s->db, interaction, error);
}

static gboolean
interaction_remove (Sync    *s,
                    gint64   id,
                    GError **error)
{
  return rapport_store_delete_interaction (s->db, id, error);
}

static gboolean
interaction_accepts (const char *text)
{
  RapportIcalRecord record;

  return rapport_ical_detect (text, -1, &record, NULL) && record == RAPPORT_ICAL_RECORD_INTERACTION;
}

/* An interaction is never first: it needs its customer. */
static gboolean
interaction_first (const char *text)
{
  return FALSE;
}

const Kind rapport_sync_interaction_kind = {
  .key = "interaction",
  .extension = ".ics",
  .content_type = "text/calendar; charset=utf-8",
  .n_fields = N_INTERACTION_FIELDS,
  .field_names = interaction_fields,
  .parse = interaction_parse,
  .get_uid = interaction_get_uid,
  .copy = interaction_copy,
  .free = interaction_free,
  .create = interaction_create,
  .find = interaction_find,
  .load = interaction_load,
  .render_local = interaction_render_local,
  .render_remote = interaction_render_remote,
  .field_text = interaction_field_text,
  .field_take = interaction_field_take,
  .write = interaction_write,
  .remove = interaction_remove,
  .hash = rapport_ical_normalized_hash,
  .accepts = interaction_accepts,
  .first = interaction_first,
  .modified_sql = "SELECT i.id FROM interaction i JOIN customer c ON c.id = i.customer_id"
                  " WHERE ?1 = 0 OR i.modified >= ?1 - 1 OR c.modified >= ?1 - 1",
  .tombstone_sql = "UPDATE sync_item SET local_deleted = 1, dirty = 1"
                   " WHERE collection_id = ?1 AND kind = 'interaction' AND local_deleted = 0"
                   " AND quarantine IS NULL AND NOT EXISTS (SELECT 1 FROM interaction"
                   "   WHERE interaction.uid = sync_item.local_uid)",
};
