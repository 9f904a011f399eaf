/* rapport-store-notices.c
 *
 * Renewal notices: the daily pass that prepares those due and rolls
 * auto-renewing contracts forward, reading notices with their contract's
 * customer and product, and moving a notice through its states.
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-error.h"
#include "rapport-store-notices.h"
#include "rapport-store-private.h"
#include "rapport-text.h"
#include "rapport-time.h"

#define NOTICE_COLUMNS \
  "n.id, n.uid, n.contract_id, n.due_date, n.language, n.channel, n.subject, n.body, n.state," \
  " n.sent_at, n.created, n.modified, k.customer_id, c.display_name, k.product, k.auto_renew"

#define NOTICE_FROM \
  " FROM renewal_notice n JOIN contract k ON k.id = n.contract_id" \
  " JOIN customer c ON c.id = k.customer_id"

/* The options with what they leave NULL read from the settings. */
typedef struct
{
  RapportNoticeTextOptions options;
  char                    *business_language;
  char                    *business_name;
  char                    *owner_name;
} NoticeSettings;

static void
notice_settings_init (NoticeSettings                 *settings,
                      RapportStore                   *store,
                      const RapportNoticeTextOptions *options)
{
  memset (settings, 0, sizeof *settings);
  if (options != NULL)
    settings->options = *options;

  if (settings->options.business_language == NULL)
    settings->options.business_language = settings->business_language =
      rapport_store_dup_setting (store, RAPPORT_SETTING_BUSINESS_LANGUAGE);
  if (settings->options.business_name == NULL)
    settings->options.business_name = settings->business_name =
      rapport_store_dup_setting (store, "business-name");
  if (settings->options.owner_name == NULL)
    settings->options.owner_name = settings->owner_name =
      rapport_store_dup_setting (store, "owner-name");
}

static void
notice_settings_clear (NoticeSettings *settings)
{
  g_clear_pointer (&settings->business_language, g_free);
  g_clear_pointer (&settings->business_name, g_free);
  g_clear_pointer (&settings->owner_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NoticeSettings, notice_settings_clear)

static RapportNotice *
read_notice (sqlite3_stmt *stmt)
{
  RapportNotice *notice = rapport_notice_new ();

  notice->id = sqlite3_column_int64 (stmt, 0);
  notice->uid = rapport_column_dup (stmt, 1);
  notice->contract_id = sqlite3_column_int64 (stmt, 2);
  notice->due_date = rapport_column_dup (stmt, 3);
  notice->language = rapport_column_dup (stmt, 4);
  notice->channel = sqlite3_column_int (stmt, 5);
  notice->subject = rapport_column_dup (stmt, 6);
  notice->body = rapport_column_dup (stmt, 7);
  notice->state = sqlite3_column_int (stmt, 8);
  notice->sent_at = sqlite3_column_int64 (stmt, 9);
  notice->created = sqlite3_column_int64 (stmt, 10);
  notice->modified = sqlite3_column_int64 (stmt, 11);
  notice->customer_id = sqlite3_column_int64 (stmt, 12);
  notice->customer_name = rapport_column_dup (stmt, 13);
  notice->product = rapport_column_dup (stmt, 14);
  notice->auto_renew = sqlite3_column_int (stmt, 15) != 0;

  return notice;
}

/* The ids @stmt (bound) returns, read to the end before anything is
 * written; NULL with an error when SQLite fails. */
static GArray *
collect_ids (RapportStore  *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

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

static gboolean
parse_day (const char *text,
           GDate      *date)
{
  guint year, month, day;

  g_date_clear (date, 1);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static void
format_day (const GDate *date,
            char         out[11])
{
  g_snprintf (out, 11, "%04u-%02u-%02u",
              (guint) g_date_get_year (date), (guint) g_date_get_month (date),
              (guint) g_date_get_day (date));
}

static int
months_between (const GDate *from,
                const GDate *to)
{
  return ((int) g_date_get_year (to) - (int) g_date_get_year (from)) * 12 +
         ((int) g_date_get_month (to) - (int) g_date_get_month (from));
}

gboolean
rapport_contract_next_term (const char *start,
                            const char *end,
                            char        next_start[11],
                            char        next_end[11])
{
  GDate first, last, new_first, new_last;
  int months;

  g_return_val_if_fail (next_start != NULL && next_end != NULL, FALSE);

  next_start[0] = next_end[0] = '\0';

  if (!parse_day (start, &first) || !parse_day (end, &last) ||
      g_date_compare (&last, &first) < 0 ||
      g_date_get_year (&last) >= 9000)
    return FALSE;

  new_first = last;
  g_date_add_days (&new_first, 1);
  new_last = new_first;

  if (g_date_get_day (&new_first) == g_date_get_day (&first) &&
      (months = months_between (&first, &new_first)) >= 1)
    {
      /* 01-01..12-31: the next term ends the day before the same day
       * @months later. */
      g_date_add_months (&new_last, months);
      g_date_subtract_days (&new_last, 1);
    }
  else if (g_date_get_day (&last) == g_date_get_day (&first) &&
           (months = months_between (&first, &last)) >= 1)
    {
      /* 01-15..01-15: the next term ends on the same day @months later. */
      new_last = last;
      g_date_add_months (&new_last, months);
    }
  else
    g_date_add_days (&new_last, g_date_get_julian (&last) - g_date_get_julian (&first));

  format_day (&new_first, next_start);
  format_day (&new_last, next_end);
  return TRUE;
}

void
rapport_renewal_failure_free (RapportRenewalFailure *self)
{
  if (self == NULL)
    return;

  g_free (self->customer_name);
  g_free (self->product);
  g_clear_error (&self->error);
  g_free (self);
}

/* With @failures (a pass that goes on), records @contract's failure
 * @local_error there and returns TRUE; without, refuses the pass with
 * it, naming the contract. */
static gboolean
contract_failed (RapportStore           *self,
                 const RapportContract  *contract,
                 GPtrArray              *failures,
                 GError                 *local_error,
                 GError                **error)
{
  RapportRenewalFailure *failure;
  g_autoptr(RapportCustomer) customer = NULL;

  if (failures == NULL)
    {
      g_propagate_prefixed_error (error, local_error, _("contract “%s”: "), contract->product);
      return FALSE;
    }

  failure = g_new0 (RapportRenewalFailure, 1);
  failure->contract_id = contract->id;
  failure->customer_id = contract->customer_id;
  failure->product = g_strdup (contract->product);
  failure->error = local_error;
  customer = rapport_store_get_customer (self, contract->customer_id, NULL);
  if (customer != NULL)
    failure->customer_name = g_strdup (customer->display_name);
  g_ptr_array_add (failures, failure);

  return TRUE;
}

/* Step 1 of process_renewals. */
static gboolean
roll_forward (RapportStore  *self,
              const char    *today,
              GPtrArray     *failures,
              GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT k.id FROM contract k JOIN customer c ON c.id = k.customer_id"
                                      " WHERE k.auto_renew <> 0 AND k.state IN (0, 1) AND c.deleted IS NULL"
                                      "   AND k.end_date < ?1 ORDER BY k.id",
                                      error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
  if (!(ids = collect_ids (self, stmt, error)))
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(RapportContract) contract = NULL;
      g_autoptr(GPtrArray) notices = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *old_end = NULL;

      contract = rapport_store_get_contract (self, g_array_index (ids, gint64, i), error);
      if (contract == NULL)
        return FALSE;

      old_end = g_strdup (contract->end_date);
      while (local_error == NULL && strcmp (contract->end_date, today) < 0)
        {
          char start[11], end[11];

          if (!rapport_contract_next_term (contract->start_date, contract->end_date, start, end))
            {
              g_set_error (&local_error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           /* Translators: the two dates of a contract's term */
                           _("cannot renew the term %s to %s"),
                           contract->start_date, contract->end_date);
              break;
            }

          g_free (contract->start_date);
          g_free (contract->end_date);
          contract->start_date = g_strdup (start);
          contract->end_date = g_strdup (end);
        }

      if (local_error != NULL)
        {
          /* Nothing of this contract was written. */
          if (!contract_failed (self, contract, failures, g_steal_pointer (&local_error), error))
            return FALSE;
          continue;
        }

      contract->state = RAPPORT_CONTRACT_ACTIVE;
      if (!rapport_store_update_contract (self, contract, error))
        return FALSE;

      notices = rapport_store_list_notices (self, contract->id, error);
      if (notices == NULL)
        return FALSE;

      for (guint j = 0; j < notices->len; j++)
        {
          RapportNotice *notice = g_ptr_array_index (notices, j);

          if (notice->state > RAPPORT_NOTICE_SENT || g_strcmp0 (notice->due_date, old_end) > 0)
            continue;

          notice->state = RAPPORT_NOTICE_RENEWED;
          if (!rapport_store_update_notice (self, notice, error))
            return FALSE;
        }
    }

  return TRUE;
}

static RapportChannel
notice_channel (const RapportCustomer *customer)
{
  if (customer->preferred_channel != RAPPORT_CHANNEL_NONE)
    return customer->preferred_channel;

  return rapport_customer_get_email (customer) != NULL ? RAPPORT_CHANNEL_EMAIL : RAPPORT_CHANNEL_NONE;
}

/* Step 2 of process_renewals. */
static gboolean
create_due (RapportStore                   *self,
            const char                     *today,
            const RapportNoticeTextOptions *options,
            guint                          *n_created,
            GPtrArray                      *failures,
            GError                        **error)
{
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT k.id FROM contract k JOIN customer c ON c.id = k.customer_id"
                                      " WHERE k.state IN (0, 1) AND c.deleted IS NULL"
                                      "   AND date (k.end_date, '-' || k.lead_days || ' days') <= ?1"
                                      "   AND NOT EXISTS (SELECT 1 FROM renewal_notice n WHERE n.contract_id = k.id"
                                      "     AND n.due_date = date (k.end_date, '-' || k.lead_days || ' days'))"
                                      " ORDER BY k.end_date, k.id",
                                      error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
  if (!(ids = collect_ids (self, stmt, error)))
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(RapportContract) contract = NULL;
      g_autoptr(RapportCustomer) customer = NULL;
      g_autoptr(RapportNotice) notice = NULL;
      g_auto(RapportNoticeText) text = { NULL };
      GError *local_error = NULL;
      char due[11];

      contract = rapport_store_get_contract (self, g_array_index (ids, gint64, i), error);
      if (contract == NULL)
        return FALSE;

      customer = rapport_store_get_customer (self, contract->customer_id, error);
      if (customer == NULL)
        return FALSE;

      if (!rapport_notice_render (customer, contract, options, &text, &local_error))
        {
          /* Rendering writes nothing: the contract stays as it was. */
          if (!contract_failed (self, contract, failures, local_error, error))
            return FALSE;
          continue;
        }

      rapport_contract_get_notice_date (contract, due);

      notice = rapport_notice_new ();
      notice->uid = rapport_notice_uid_for (contract->uid, due);
      notice->contract_id = contract->id;
      notice->due_date = g_strdup (due);
      notice->language = g_steal_pointer (&text.language);
      notice->subject = g_steal_pointer (&text.subject);
      notice->body = g_steal_pointer (&text.body);
      notice->channel = notice_channel (customer);
      notice->state = RAPPORT_NOTICE_DUE;
      if (!rapport_store_add_notice (self, notice, error))
        return FALSE;

      if (!contract->auto_renew && contract->state == RAPPORT_CONTRACT_ACTIVE)
        {
          contract->state = RAPPORT_CONTRACT_RENEWAL_DUE;
          if (!rapport_store_update_contract (self, contract, error))
            return FALSE;
        }

      (*n_created)++;
    }

  return TRUE;
}

static gboolean
process_renewals (RapportStore                    *self,
                  const char                      *today,
                  const RapportNoticeTextOptions  *options,
                  guint                           *n_created,
                  GPtrArray                       *failures,
                  GError                         **error)
{
  g_auto(NoticeSettings) settings = { { NULL } };
  guint created = 0;
  gboolean ok;
  char day[11];

  notice_settings_init (&settings, self, options);

  if (n_created != NULL)
    *n_created = 0;

  if (!rapport_text_check (today, -1, RAPPORT_TEXT_CODE, _("today"), error) ||
      !rapport_parse_date (today, _("today"), day, error))
    return FALSE;

  if (!rapport_store_begin (self, error))
    return FALSE;

  ok = roll_forward (self, day, failures, error) &&
       create_due (self, day, &settings.options, &created, failures, error);

  if (!rapport_store_end (self, ok, error))
    return FALSE;

  if (n_created != NULL)
    *n_created = created;
  return TRUE;
}

gboolean
rapport_store_process_renewals (RapportStore                    *self,
                                const char                      *today,
                                const RapportNoticeTextOptions  *options,
                                guint                           *n_created,
                                GError                         **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (today != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return process_renewals (self, today, options, n_created, NULL, error);
}

gboolean
rapport_store_process_renewals_full (RapportStore                    *self,
                                     const char                      *today,
                                     const RapportNoticeTextOptions  *options,
                                     guint                           *n_created,
                                     GPtrArray                      **failures,
                                     GError                         **error)
{
  g_autoptr(GPtrArray) failed = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (today != NULL, FALSE);
  g_return_val_if_fail (failures != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *failures = NULL;
  failed = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_renewal_failure_free);
  if (!process_renewals (self, today, options, n_created, failed, error))
    return FALSE;

  *failures = g_steal_pointer (&failed);
  return TRUE;
}

RapportNotice *
rapport_store_get_notice (RapportStore  *self,
                          gint64         id,
                          GError       **error)
{
  sqlite3_stmt *stmt;
  RapportNotice *notice = NULL;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT " NOTICE_COLUMNS NOTICE_FROM
                                      " WHERE n.id = ?1 AND c.deleted IS NULL",
                                      error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    notice = read_notice (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      rapport_store_set_db_error (self, error);
      return NULL;
    }

  if (notice == NULL)
    g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                 _("There is no renewal notice %" G_GINT64_FORMAT), id);

  return notice;
}

GPtrArray *
rapport_store_list_notices_all (RapportStore  *self,
                                int            state,
                                GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (state >= -1 && state <= RAPPORT_NOTICE_LAPSED, NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT " NOTICE_COLUMNS NOTICE_FROM
                                      " WHERE c.deleted IS NULL AND (?1 < 0 OR n.state = ?1)"
                                      " ORDER BY n.due_date, n.id",
                                      error)))
    return NULL;

  sqlite3_bind_int (stmt, 1, state);

  return rapport_store_collect (self, stmt, (RapportRowReader) read_notice,
                                (GDestroyNotify) rapport_notice_free, error);
}

/* Whether @notice is the contract's latest (largest due date). */
static gboolean
is_latest_notice (RapportStore         *self,
                  const RapportNotice  *notice,
                  gboolean             *latest,
                  GError              **error)
{
  g_autoptr(GPtrArray) notices = rapport_store_list_notices (self, notice->contract_id, error);

  if (notices == NULL)
    return FALSE;

  *latest = TRUE;
  for (guint i = 0; i < notices->len; i++)
    {
      const RapportNotice *other = g_ptr_array_index (notices, i);

      if (g_strcmp0 (other->due_date, notice->due_date) > 0)
        *latest = FALSE;
    }

  return TRUE;
}

static gboolean
set_notice_state (RapportStore        *self,
                  gint64               id,
                  RapportNoticeState   state,
                  GError             **error)
{
  g_autoptr(RapportNotice) notice = NULL;
  g_autoptr(RapportContract) contract = NULL;
  RapportContractState contract_state;

  if (!(notice = rapport_store_get_notice (self, id, error)) ||
      !(contract = rapport_store_get_contract (self, notice->contract_id, error)))
    return FALSE;

  notice->state = state;
  switch (state)
    {
    case RAPPORT_NOTICE_SENT:
      if (notice->sent_at == 0)
        notice->sent_at = rapport_store_now ();
      break;
    case RAPPORT_NOTICE_DUE:
    case RAPPORT_NOTICE_PREPARED:
      notice->sent_at = 0;
      break;
    case RAPPORT_NOTICE_RENEWED:
    case RAPPORT_NOTICE_LAPSED:
    default:
      break;
    }

  if (!rapport_store_update_notice (self, notice, error))
    return FALSE;

  contract_state = contract->state;
  switch (state)
    {
    case RAPPORT_NOTICE_RENEWED:
      if (!contract->auto_renew &&
          (contract->state == RAPPORT_CONTRACT_ACTIVE || contract->state == RAPPORT_CONTRACT_RENEWAL_DUE))
        contract_state = RAPPORT_CONTRACT_RENEWED;
      break;
    case RAPPORT_NOTICE_LAPSED:
      if (contract->state == RAPPORT_CONTRACT_ACTIVE || contract->state == RAPPORT_CONTRACT_RENEWAL_DUE)
        contract_state = RAPPORT_CONTRACT_LAPSED;
      break;
    case RAPPORT_NOTICE_DUE:
    case RAPPORT_NOTICE_PREPARED:
    case RAPPORT_NOTICE_SENT:
    default:
      if (contract->state == RAPPORT_CONTRACT_RENEWED || contract->state == RAPPORT_CONTRACT_LAPSED)
        {
          gboolean latest = FALSE;

          if (!is_latest_notice (self, notice, &latest, error))
            return FALSE;
          if (latest)
            contract_state = contract->auto_renew ? RAPPORT_CONTRACT_ACTIVE : RAPPORT_CONTRACT_RENEWAL_DUE;
        }
      break;
    }

  if (contract_state != contract->state)
    {
      contract->state = contract_state;
      if (!rapport_store_update_contract (self, contract, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
rapport_store_set_notice_state (RapportStore        *self,
                                gint64               id,
                                RapportNoticeState   state,
                                GError             **error)
{
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail ((int) state >= RAPPORT_NOTICE_DUE && (int) state <= RAPPORT_NOTICE_LAPSED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  ok = set_notice_state (self, id, state, error);

  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_render_notice (RapportStore                    *self,
                             gint64                           id,
                             const RapportNoticeTextOptions  *options,
                             RapportNoticeText               *out,
                             GError                         **error)
{
  g_auto(NoticeSettings) settings = { { NULL } };
  g_autoptr(RapportNotice) notice = NULL;
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(RapportCustomer) customer = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rapport_notice_text_clear (out);
  notice_settings_init (&settings, self, options);

  if (!(notice = rapport_store_get_notice (self, id, error)) ||
      !(contract = rapport_store_get_contract (self, notice->contract_id, error)) ||
      !(customer = rapport_store_get_customer (self, contract->customer_id, error)))
    return FALSE;

  return rapport_notice_render (customer, contract, &settings.options, out, error);
}
