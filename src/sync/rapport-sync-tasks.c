/* rapport-sync-tasks.c
 *
 * The sync engine's tasks' calendar (rapport-sync.c): follow-ups and
 * renewal notices, two kinds of VTODO in one collection.
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

/* Follow-ups: VTODO */

typedef enum
{
  FU_CUSTOMER,
  FU_DUE,
  FU_TIME_ZONE,
  FU_TITLE,
  FU_NOTES,
  FU_PRIORITY,
  FU_STATE,
  FU_SNOOZED_UNTIL,
  FU_RRULE,
  FU_COMPLETED_AT,
  N_FOLLOW_UP_FIELDS
} FollowUpField;

static const char * const follow_up_fields[N_FOLLOW_UP_FIELDS] = {
  "customer", "due", "time_zone", "title", "notes", "priority", "state",
  "snoozed_until", "rrule", "completed_at",
};

static gboolean
follow_up_parse (Sync        *s,
                 const char  *text,
                 Parsed      *out,
                 GError     **error)
{
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();

  if (!rapport_ical_read_follow_up (text, -1, follow_up, &out->ref_uid, NULL, error))
    return FALSE;

  /* A task another app made names no customer of ours, but may name
   * the person: the first CONTACT or ATTENDEE address that exactly one
   * customer has makes it theirs. The task stays as it is on the server
   * until Rapport writes it for another reason. */
  if (out->ref_uid == NULL)
    {
      g_autoptr(GPtrArray) emails = rapport_ical_dup_follow_up_emails (text, -1);

      for (guint i = 0; i < emails->len && follow_up->customer_id == 0; i++)
        follow_up->customer_id = rapport_store_customer_id_by_email (s->db, g_ptr_array_index (emails, i));
    }

  if (follow_up->uid == NULL || *follow_up->uid == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE, _("The task has no UID"));
      g_clear_pointer (&out->ref_uid, g_free);
      return FALSE;
    }

  out->record = g_steal_pointer (&follow_up);
  return TRUE;
}

static const char *
follow_up_get_uid (gpointer record)
{
  return ((RapportFollowUp *) record)->uid;
}

static gpointer
follow_up_copy (gpointer record)
{
  return rapport_follow_up_copy (record);
}

static void
follow_up_free (gpointer record)
{
  rapport_follow_up_free (record);
}

static gpointer
follow_up_create (const Parsed *remote)
{
  RapportFollowUp *follow_up = rapport_follow_up_new ();

  follow_up->uid = g_strdup (((RapportFollowUp *) remote->record)->uid);
  return follow_up;
}

static gint64
follow_up_find (Sync       *s,
                const char *uid,
                gboolean   *trashed)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  *trashed = FALSE;
  if (!(stmt = rapport_store_prepare (s->db, "SELECT id FROM follow_up WHERE uid = ?", NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static gpointer
follow_up_load (Sync    *s,
                gint64   id,
                GError **error)
{
  return rapport_store_get_follow_up (s->db, id, error);
}

static char *
follow_up_render_local (Sync     *s,
                        gpointer  record,
                        GError  **error)
{
  RapportFollowUp *follow_up = record;
  g_autofree char *customer_uid = rapport_sync_uid_of_customer (s, follow_up->customer_id);

  return rapport_ical_from_follow_up (follow_up, customer_uid, error);
}

static char *
follow_up_render_remote (Sync        *s,
                         Collection  *c,
                         gpointer     record,
                         const char  *remote_copy,
                         GError     **error)
{
  RapportFollowUp *follow_up = record;
  g_autofree char *customer_uid = rapport_sync_uid_of_customer (s, follow_up->customer_id);

  if (remote_copy != NULL)
    return rapport_ical_update_follow_up (remote_copy, follow_up, customer_uid, error);

  return rapport_ical_from_follow_up (follow_up, customer_uid, error);
}

static char *
follow_up_field_text (const Parsed *p,
                      guint         field)
{
  const RapportFollowUp *f = p->record;

  switch ((FollowUpField) field)
    {
    case FU_CUSTOMER: return g_strdup (p->ref_uid);
    case FU_DUE: return g_strdup_printf ("%" G_GINT64_FORMAT, f->due);
    case FU_TIME_ZONE: return g_strdup (f->time_zone);
    case FU_TITLE: return g_strdup (f->title);
    case FU_NOTES: return g_strdup (f->notes);
    case FU_PRIORITY: return g_strdup_printf ("%d", f->priority);
    case FU_STATE: return g_strdup_printf ("%d", f->state);
    case FU_SNOOZED_UNTIL: return g_strdup_printf ("%" G_GINT64_FORMAT, f->snoozed_until);
    case FU_RRULE: return g_strdup (f->rrule);
    case FU_COMPLETED_AT: return g_strdup_printf ("%" G_GINT64_FORMAT, f->completed_at);
    case N_FOLLOW_UP_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static void
follow_up_field_take (Sync         *s,
                      Parsed       *dst,
                      const Parsed *src,
                      guint         field)
{
  RapportFollowUp *d = dst->record;
  const RapportFollowUp *f = src->record;

  switch ((FollowUpField) field)
    {
    case FU_CUSTOMER:
      rapport_sync_take_string (&dst->ref_uid, src->ref_uid);
      /* Without a customer link, the customer its addresses named. */
      d->customer_id = src->ref_uid != NULL ? rapport_sync_customer_id_by_uid (s, src->ref_uid, -1) : f->customer_id;
      break;
    case FU_DUE: d->due = f->due; break;
    case FU_TIME_ZONE: rapport_sync_take_string (&d->time_zone, f->time_zone); break;
    case FU_TITLE: rapport_sync_take_string (&d->title, f->title); break;
    case FU_NOTES: rapport_sync_take_string (&d->notes, f->notes); break;
    case FU_PRIORITY: d->priority = f->priority; break;
    case FU_STATE: d->state = f->state; break;
    case FU_SNOOZED_UNTIL: d->snoozed_until = f->snoozed_until; break;
    case FU_RRULE: rapport_sync_take_string (&d->rrule, f->rrule); break;
    case FU_COMPLETED_AT: d->completed_at = f->completed_at; break;
    case N_FOLLOW_UP_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
follow_up_write (Sync     *s,
                 Parsed   *merged,
                 gint64    id,
                 gboolean  trashed,
                 GError  **error)
{
  RapportFollowUp *follow_up = merged->record;

  rapport_sync_note_cuts (s, follow_up->uid, rapport_follow_up_fit_text (follow_up));

  /* A task that names no customer (made in another app) belongs to
   * none yet, until the user assigns one. One that names a customer this
   * database does not have is set aside: taken without it, its link
   * would be lost at the next write. */
  if (follow_up->customer_id == 0 && merged->ref_uid != NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("follow-up “%s”: it names no customer of this database"),
                   follow_up->title != NULL ? follow_up->title : follow_up->uid);
      return FALSE;
    }

  if (id == 0)
    {
      follow_up->id = 0;
      return rapport_store_add_received_follow_up (s->db, follow_up, error);
    }

  follow_up->id = id;
  return rapport_store_update_received_follow_up (s->db, follow_up, error);
}

static gboolean
follow_up_remove (Sync    *s,
                  gint64   id,
                  GError **error)
{
  return rapport_store_delete_follow_up (s->db, id, error);
}

static gboolean
follow_up_accepts (const char *text)
{
  RapportIcalRecord record;

  /* Renewal notices and history are other records; events are not ours. */
  return rapport_ical_detect (text, -1, &record, NULL) && record == RAPPORT_ICAL_RECORD_FOLLOW_UP &&
         strstr (text, "BEGIN:VTODO") != NULL;
}

static gboolean
follow_up_first (const char *text)
{
  return FALSE;
}

const Kind rapport_sync_follow_up_kind = {
  .key = "follow-up",
  .extension = ".ics",
  .content_type = "text/calendar; charset=utf-8",
  .n_fields = N_FOLLOW_UP_FIELDS,
  .field_names = follow_up_fields,
  .parse = follow_up_parse,
  .get_uid = follow_up_get_uid,
  .copy = follow_up_copy,
  .free = follow_up_free,
  .create = follow_up_create,
  .find = follow_up_find,
  .load = follow_up_load,
  .render_local = follow_up_render_local,
  .render_remote = follow_up_render_remote,
  .field_text = follow_up_field_text,
  .field_take = follow_up_field_take,
  .write = follow_up_write,
  .remove = follow_up_remove,
  .hash = rapport_ical_normalized_hash,
  .accepts = follow_up_accepts,
  .first = follow_up_first,
  .modified_sql = "SELECT f.id FROM follow_up f LEFT JOIN customer c ON c.id = f.customer_id"
                  " WHERE ?1 = 0 OR f.modified >= ?1 - 1 OR c.modified >= ?1 - 1",
  .tombstone_sql = "UPDATE sync_item SET local_deleted = 1, dirty = 1"
                   " WHERE collection_id = ?1 AND kind = 'follow-up' AND local_deleted = 0"
                   " AND quarantine IS NULL AND NOT EXISTS (SELECT 1 FROM follow_up"
                   "   WHERE follow_up.uid = sync_item.local_uid)",
};

/* Renewal notices: VTODO with CATEGORIES:Renewal in the tasks' calendar,
 * carrying their contract, which a database that never had it learns
 * from the notice. */

typedef struct
{
  RapportNotice   *notice;
  RapportContract *contract;
} NoticeRecord;

typedef enum
{
  NO_CUSTOMER,
  NO_DUE,
  NO_LANGUAGE,
  NO_CHANNEL,
  NO_SUBJECT,
  NO_BODY,
  NO_STATE,
  NO_SENT_AT,
  NO_CONTRACT,
  NO_PRODUCT,
  NO_START,
  NO_END,
  NO_VALUE,
  NO_CURRENCY,
  NO_AUTO_RENEW,
  N_NOTICE_FIELDS
} NoticeField;

static const char * const notice_fields[N_NOTICE_FIELDS] = {
  "customer", "due", "language", "channel", "subject", "body", "state", "sent_at",
  "contract", "product", "start", "end", "value", "currency", "auto_renew",
};

static NoticeRecord *
notice_record_new (void)
{
  NoticeRecord *r = g_new0 (NoticeRecord, 1);

  r->notice = rapport_notice_new ();
  r->contract = rapport_contract_new ();
  return r;
}

static void
notice_free (gpointer record)
{
  NoticeRecord *r = record;

  rapport_notice_free (r->notice);
  rapport_contract_free (r->contract);
  g_free (r);
}

static gboolean
notice_parse (Sync        *s,
              const char  *text,
              Parsed      *out,
              GError     **error)
{
  NoticeRecord *r = notice_record_new ();

  if (!rapport_ical_read_notice (text, -1, r->notice, r->contract, &out->ref_uid, NULL, error))
    {
      notice_free (r);
      return FALSE;
    }

  out->record = r;
  return TRUE;
}

static const char *
notice_get_uid (gpointer record)
{
  return ((NoticeRecord *) record)->notice->uid;
}

static gpointer
notice_copy (gpointer record)
{
  NoticeRecord *r = record;
  NoticeRecord *copy = g_new0 (NoticeRecord, 1);

  copy->notice = rapport_notice_copy (r->notice);
  copy->contract = rapport_contract_copy (r->contract);
  return copy;
}

static gpointer
notice_create (const Parsed *remote)
{
  NoticeRecord *r = notice_record_new ();

  r->notice->uid = g_strdup (((NoticeRecord *) remote->record)->notice->uid);
  return r;
}

static gint64
notice_find (Sync       *s,
             const char *uid,
             gboolean   *trashed)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  *trashed = FALSE;
  if (!(stmt = rapport_store_prepare (s->db,
                                      "SELECT n.id, c.deleted IS NOT NULL FROM renewal_notice n"
                                      " JOIN contract k ON k.id = n.contract_id JOIN customer c ON c.id = k.customer_id"
                                      " WHERE n.uid = ?",
                                      NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      *trashed = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);

  return id;
}

static gpointer
notice_load (Sync    *s,
             gint64   id,
             GError **error)
{
  g_autoptr(RapportNotice) notice = rapport_store_get_notice (s->db, id, error);
  NoticeRecord *r;

  if (notice == NULL)
    return NULL;

  r = g_new0 (NoticeRecord, 1);
  if (!(r->contract = rapport_store_get_contract (s->db, notice->contract_id, error)))
    {
      g_free (r);
      return NULL;
    }
  r->notice = g_steal_pointer (&notice);
  return r;
}

static char *
notice_render_local (Sync     *s,
                     gpointer  record,
                     GError  **error)
{
  NoticeRecord *r = record;
  g_autofree char *customer_uid = rapport_sync_uid_of_customer (s, r->contract->customer_id);

  return rapport_ical_from_notice (r->notice, r->contract, customer_uid, error);
}

static char *
notice_render_remote (Sync        *s,
                      Collection  *c,
                      gpointer     record,
                      const char  *remote_copy,
                      GError     **error)
{
  NoticeRecord *r = record;
  g_autofree char *customer_uid = rapport_sync_uid_of_customer (s, r->contract->customer_id);

  if (remote_copy != NULL)
    return rapport_ical_update_notice (remote_copy, r->notice, r->contract, customer_uid, error);

  return rapport_ical_from_notice (r->notice, r->contract, customer_uid, error);
}

static char *
notice_field_text (const Parsed *p,
                   guint         field)
{
  const NoticeRecord *r = p->record;
  const RapportNotice *n = r->notice;
  const RapportContract *k = r->contract;

  switch ((NoticeField) field)
    {
    case NO_CUSTOMER: return g_strdup (p->ref_uid);
    case NO_DUE: return g_strdup (n->due_date);
    case NO_LANGUAGE: return g_strdup (n->language);
    case NO_CHANNEL: return g_strdup_printf ("%d", n->channel);
    case NO_SUBJECT: return g_strdup (n->subject);
    case NO_BODY: return g_strdup (n->body);
    case NO_STATE: return g_strdup_printf ("%d", n->state);
    case NO_SENT_AT: return g_strdup_printf ("%" G_GINT64_FORMAT, n->sent_at);
    case NO_CONTRACT: return g_strdup (k->uid);
    case NO_PRODUCT: return g_strdup (k->product);
    case NO_START: return g_strdup (k->start_date);
    case NO_END: return g_strdup (k->end_date);
    case NO_VALUE: return g_strdup_printf ("%" G_GINT64_FORMAT, k->value);
    case NO_CURRENCY: return g_strdup (k->currency);
    case NO_AUTO_RENEW: return g_strdup_printf ("%d", k->auto_renew);
    case N_NOTICE_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static void
notice_field_take (Sync         *s,
                   Parsed       *dst,
                   const Parsed *src,
                   guint         field)
{
  NoticeRecord *d = dst->record;
  const NoticeRecord *r = src->record;

  switch ((NoticeField) field)
    {
    case NO_CUSTOMER:
      rapport_sync_take_string (&dst->ref_uid, src->ref_uid);
      d->contract->customer_id = rapport_sync_customer_id_by_uid (s, src->ref_uid, -1);
      break;
    case NO_DUE: rapport_sync_take_string (&d->notice->due_date, r->notice->due_date); break;
    case NO_LANGUAGE: rapport_sync_take_string (&d->notice->language, r->notice->language); break;
    case NO_CHANNEL: d->notice->channel = r->notice->channel; break;
    case NO_SUBJECT: rapport_sync_take_string (&d->notice->subject, r->notice->subject); break;
    case NO_BODY: rapport_sync_take_string (&d->notice->body, r->notice->body); break;
    case NO_STATE: d->notice->state = r->notice->state; break;
    case NO_SENT_AT: d->notice->sent_at = r->notice->sent_at; break;
    case NO_CONTRACT: rapport_sync_take_string (&d->contract->uid, r->contract->uid); break;
    case NO_PRODUCT: rapport_sync_take_string (&d->contract->product, r->contract->product); break;
    case NO_START: rapport_sync_take_string (&d->contract->start_date, r->contract->start_date); break;
    case NO_END: rapport_sync_take_string (&d->contract->end_date, r->contract->end_date); break;
    case NO_VALUE: d->contract->value = r->contract->value; break;
    case NO_CURRENCY: rapport_sync_take_string (&d->contract->currency, r->contract->currency); break;
    case NO_AUTO_RENEW: d->contract->auto_renew = r->contract->auto_renew; break;
    case N_NOTICE_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

/* The contract state that goes with a notice in @state. */
static RapportContractState
contract_state_for (RapportNoticeState state,
                    gboolean           auto_renew)
{
  switch (state)
    {
    case RAPPORT_NOTICE_RENEWED:
      return RAPPORT_CONTRACT_RENEWED;
    case RAPPORT_NOTICE_LAPSED:
      return RAPPORT_CONTRACT_LAPSED;
    case RAPPORT_NOTICE_DUE:
    case RAPPORT_NOTICE_PREPARED:
    case RAPPORT_NOTICE_SENT:
    default:
      return auto_renew ? RAPPORT_CONTRACT_ACTIVE : RAPPORT_CONTRACT_RENEWAL_DUE;
    }
}

/* The notice's contract here: found by its UID and brought up to date
 * with what the notice says of it, or made from the notice. */
static gboolean
notice_write_contract (Sync             *s,
                       RapportContract  *wanted,
                       RapportNotice    *notice,
                       GError          **error)
{
  g_autoptr(RapportContract) contract = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (wanted->uid == NULL || wanted->product == NULL || wanted->end_date == NULL || wanted->currency == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("renewal notice “%s”: it does not say which contract it is for"), notice->uid);
      return FALSE;
    }

  if (!(stmt = rapport_store_prepare (s->db, "SELECT id FROM contract WHERE uid = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, wanted->uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (id == 0)
    {
      GDate end, due;

      contract = rapport_contract_copy (wanted);
      /* Notices from before the start was written: the term is not
       * known, so it is taken as ending where it starts. */
      if (contract->start_date == NULL)
        contract->start_date = g_strdup (contract->end_date);
      /* The notice date is the end less the lead days. */
      g_date_set_parse (&end, contract->end_date);
      g_date_set_parse (&due, notice->due_date);
      contract->lead_days = g_date_valid (&end) && g_date_valid (&due)
                            ? CLAMP (g_date_days_between (&due, &end), 0, 3650) : 30;
      contract->state = contract_state_for (notice->state, contract->auto_renew);
      if (!rapport_store_add_contract (s->db, contract, error))
        return FALSE;
      notice->contract_id = contract->id;
      return TRUE;
    }

  if (!(contract = rapport_store_get_contract (s->db, id, error)))
    return FALSE;
  notice->contract_id = id;
  if (g_strcmp0 (contract->product, wanted->product) == 0 &&
      g_strcmp0 (contract->end_date, wanted->end_date) == 0 &&
      (wanted->start_date == NULL || g_strcmp0 (contract->start_date, wanted->start_date) == 0) &&
      contract->value == wanted->value && g_strcmp0 (contract->currency, wanted->currency) == 0 &&
      contract->auto_renew == wanted->auto_renew &&
      (wanted->customer_id == 0 || contract->customer_id == wanted->customer_id))
    return TRUE;

  rapport_sync_take_string (&contract->product, wanted->product);
  rapport_sync_take_string (&contract->end_date, wanted->end_date);
  if (wanted->start_date != NULL)
    rapport_sync_take_string (&contract->start_date, wanted->start_date);
  contract->value = wanted->value;
  rapport_sync_take_string (&contract->currency, wanted->currency);
  contract->auto_renew = wanted->auto_renew;
  if (wanted->customer_id != 0)
    contract->customer_id = wanted->customer_id;
  return rapport_store_update_contract (s->db, contract, error);
}

static gboolean
notice_write (Sync     *s,
              Parsed   *merged,
              gint64    id,
              gboolean  trashed,
              GError  **error)
{
  NoticeRecord *r = merged->record;
  RapportNotice *notice = r->notice;
  GPtrArray *cuts = rapport_notice_fit_text (notice);
  GPtrArray *contract_cuts = rapport_contract_fit_text (r->contract);

  if (contract_cuts != NULL && cuts == NULL)
    cuts = g_steal_pointer (&contract_cuts);
  g_clear_pointer (&contract_cuts, g_ptr_array_unref);
  rapport_sync_note_cuts (s, notice->uid, cuts);

  /* About a customer in the trash: set aside until the customer is back
   * (an edit then sends this database's version, which meets the
   * server's and merges). */
  if (trashed)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("renewal notice “%s”: its customer is in the trash"),
                   notice->subject != NULL ? notice->subject : notice->uid);
      return FALSE;
    }

  if (r->contract->customer_id == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("renewal notice “%s”: it names no customer of this database"),
                   notice->subject != NULL ? notice->subject : notice->uid);
      return FALSE;
    }

  if (!notice_write_contract (s, r->contract, notice, error))
    return FALSE;

  if (id == 0)
    {
      sqlite3_stmt *stmt;

      /* The same notice prepared here under another UID (before UIDs
       * were drawn from the contract and the date): it takes the
       * server's UID, and its own item becomes a tombstone, so the two
       * become one. */
      if (!(stmt = rapport_store_prepare (s->db, "SELECT id FROM renewal_notice WHERE contract_id = ? AND due_date = ?",
                                          error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, notice->contract_id);
      sqlite3_bind_text (stmt, 2, notice->due_date, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      if (id != 0)
        {
          if (!(stmt = rapport_store_prepare (s->db, "UPDATE renewal_notice SET uid = ?2 WHERE id = ?1", error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_text (stmt, 2, notice->uid, -1, SQLITE_TRANSIENT);
          if (!rapport_store_step_done (s->db, stmt, error))
            return FALSE;
        }
    }

  if (id == 0)
    {
      notice->id = 0;
      return rapport_store_add_notice (s->db, notice, error);
    }

  notice->id = id;
  return rapport_store_update_notice (s->db, notice, error);
}

static gboolean
notice_remove (Sync    *s,
               gint64   id,
               GError **error)
{
  return rapport_store_delete_notice (s->db, id, error);
}

static gboolean
notice_accepts (const char *text)
{
  RapportIcalRecord record;

  return rapport_ical_detect (text, -1, &record, NULL) && record == RAPPORT_ICAL_RECORD_NOTICE;
}

const Kind rapport_sync_notice_kind = {
  .key = "notice",
  .extension = ".ics",
  .content_type = "text/calendar; charset=utf-8",
  .n_fields = N_NOTICE_FIELDS,
  .field_names = notice_fields,
  .parse = notice_parse,
  .get_uid = notice_get_uid,
  .copy = notice_copy,
  .free = notice_free,
  .create = notice_create,
  .find = notice_find,
  .load = notice_load,
  .render_local = notice_render_local,
  .render_remote = notice_render_remote,
  .field_text = notice_field_text,
  .field_take = notice_field_take,
  .write = notice_write,
  .remove = notice_remove,
  .hash = rapport_ical_normalized_hash,
  .accepts = notice_accepts,
  .first = follow_up_first,
  .modified_sql = "SELECT n.id FROM renewal_notice n JOIN contract k ON k.id = n.contract_id"
                  " JOIN customer c ON c.id = k.customer_id WHERE c.deleted IS NULL"
                  " AND (?1 = 0 OR n.modified >= ?1 - 1 OR k.modified >= ?1 - 1 OR c.modified >= ?1 - 1)",
  .tombstone_sql = "UPDATE sync_item SET local_deleted = 1, dirty = 1"
                   " WHERE collection_id = ?1 AND kind = 'notice' AND local_deleted = 0"
                   " AND quarantine IS NULL AND NOT EXISTS (SELECT 1 FROM renewal_notice"
                   "   WHERE renewal_notice.uid = sync_item.local_uid)",
};
