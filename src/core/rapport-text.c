/* rapport-text.c
 *
 * Text checks and limits shared by the store, the importer and the sync
 * engine; see rapport-text.h.
 */

#define G_LOG_DOMAIN "rapport-text"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-error.h"
#include "rapport-text.h"

typedef struct
{
  const char      *name;    /* N_() */
  gsize            offset;  /* of a char* in the record */
  RapportTextKind  kind;
} TextField;

#define FIELD(type, member, name, kind) { name, G_STRUCT_OFFSET (type, member), kind }

static const TextField customer_fields[] = {
  FIELD (RapportCustomer, uid, N_("uid"), RAPPORT_TEXT_CODE),
  FIELD (RapportCustomer, display_name, N_("name"), RAPPORT_TEXT_SHORT),
  FIELD (RapportCustomer, given_name, N_("given name"), RAPPORT_TEXT_SHORT),
  FIELD (RapportCustomer, family_name, N_("family name"), RAPPORT_TEXT_SHORT),
  FIELD (RapportCustomer, phonetic_name, N_("phonetic name"), RAPPORT_TEXT_SHORT),
  FIELD (RapportCustomer, job_title, N_("job title"), RAPPORT_TEXT_SHORT),
  FIELD (RapportCustomer, form_of_address, N_("form of address"), RAPPORT_TEXT_SHORT),
  FIELD (RapportCustomer, language, N_("language"), RAPPORT_TEXT_CODE),
  FIELD (RapportCustomer, time_zone, N_("time zone"), RAPPORT_TEXT_CODE),
  FIELD (RapportCustomer, country, N_("country"), RAPPORT_TEXT_CODE),
  FIELD (RapportCustomer, best_time, N_("best time"), RAPPORT_TEXT_SHORT),
  FIELD (RapportCustomer, cultural_notes, N_("cultural notes"), RAPPORT_TEXT_LONG),
  FIELD (RapportCustomer, notes, N_("notes"), RAPPORT_TEXT_LONG),
  FIELD (RapportCustomer, consent_date, N_("consent date"), RAPPORT_TEXT_CODE),
  FIELD (RapportCustomer, consent_basis, N_("consent basis"), RAPPORT_TEXT_SHORT),
  { NULL }
};

static const TextField address_fields[] = {
  FIELD (RapportAddress, label, N_("address label"), RAPPORT_TEXT_SHORT),
  FIELD (RapportAddress, street, N_("street"), RAPPORT_TEXT_SHORT),
  FIELD (RapportAddress, locality, N_("city"), RAPPORT_TEXT_SHORT),
  FIELD (RapportAddress, region, N_("region"), RAPPORT_TEXT_SHORT),
  FIELD (RapportAddress, postal_code, N_("postal code"), RAPPORT_TEXT_SHORT),
  FIELD (RapportAddress, country, N_("address country"), RAPPORT_TEXT_CODE),
  { NULL }
};

static const TextField email_fields[] = {
  FIELD (RapportContactPoint, value, N_("email"), RAPPORT_TEXT_CODE),
  FIELD (RapportContactPoint, label, N_("email label"), RAPPORT_TEXT_SHORT),
  { NULL }
};

static const TextField phone_fields[] = {
  FIELD (RapportContactPoint, value, N_("phone"), RAPPORT_TEXT_CODE),
  FIELD (RapportContactPoint, label, N_("phone label"), RAPPORT_TEXT_SHORT),
  { NULL }
};

static const TextField customer_type_fields[] = {
  FIELD (RapportCustomerType, key, N_("key"), RAPPORT_TEXT_CODE),
  FIELD (RapportCustomerType, name, N_("name"), RAPPORT_TEXT_SHORT),
  FIELD (RapportCustomerType, description, N_("description"), RAPPORT_TEXT_LONG),
  { NULL }
};

static const TextField interaction_fields[] = {
  FIELD (RapportInteraction, uid, N_("uid"), RAPPORT_TEXT_CODE),
  FIELD (RapportInteraction, contact_name, N_("contact name"), RAPPORT_TEXT_SHORT),
  FIELD (RapportInteraction, contact_point, N_("contact point"), RAPPORT_TEXT_SHORT),
  FIELD (RapportInteraction, subject, N_("subject"), RAPPORT_TEXT_SHORT),
  FIELD (RapportInteraction, body, N_("body"), RAPPORT_TEXT_LONG),
  FIELD (RapportInteraction, action_requested, N_("action requested"), RAPPORT_TEXT_LONG),
  FIELD (RapportInteraction, action_promised, N_("action promised"), RAPPORT_TEXT_LONG),
  FIELD (RapportInteraction, recorded_by, N_("recorded by"), RAPPORT_TEXT_SHORT),
  FIELD (RapportInteraction, outcome, N_("outcome"), RAPPORT_TEXT_SHORT),
  { NULL }
};

static const TextField follow_up_fields[] = {
  FIELD (RapportFollowUp, uid, N_("uid"), RAPPORT_TEXT_CODE),
  FIELD (RapportFollowUp, time_zone, N_("time zone"), RAPPORT_TEXT_CODE),
  FIELD (RapportFollowUp, title, N_("title"), RAPPORT_TEXT_SHORT),
  FIELD (RapportFollowUp, notes, N_("notes"), RAPPORT_TEXT_LONG),
  FIELD (RapportFollowUp, rrule, N_("recurrence"), RAPPORT_TEXT_CODE),
  FIELD (RapportFollowUp, owner, N_("owner"), RAPPORT_TEXT_SHORT),
  { NULL }
};

static const TextField contract_fields[] = {
  FIELD (RapportContract, uid, N_("uid"), RAPPORT_TEXT_CODE),
  FIELD (RapportContract, product, N_("product"), RAPPORT_TEXT_SHORT),
  FIELD (RapportContract, start_date, N_("start"), RAPPORT_TEXT_CODE),
  FIELD (RapportContract, end_date, N_("end"), RAPPORT_TEXT_CODE),
  FIELD (RapportContract, currency, N_("currency"), RAPPORT_TEXT_CODE),
  FIELD (RapportContract, notes, N_("notes"), RAPPORT_TEXT_LONG),
  { NULL }
};

static const TextField notice_fields[] = {
  FIELD (RapportNotice, uid, N_("uid"), RAPPORT_TEXT_CODE),
  FIELD (RapportNotice, due_date, N_("due"), RAPPORT_TEXT_CODE),
  FIELD (RapportNotice, language, N_("language"), RAPPORT_TEXT_CODE),
  FIELD (RapportNotice, subject, N_("subject"), RAPPORT_TEXT_SHORT),
  FIELD (RapportNotice, body, N_("body"), RAPPORT_TEXT_LONG),
  { NULL }
};

static const TextField case_fields[] = {
  FIELD (RapportCase, uid, N_("uid"), RAPPORT_TEXT_CODE),
  FIELD (RapportCase, summary, N_("summary"), RAPPORT_TEXT_SHORT),
  FIELD (RapportCase, description, N_("description"), RAPPORT_TEXT_LONG),
  FIELD (RapportCase, resolution_notes, N_("resolution notes"), RAPPORT_TEXT_LONG),
  FIELD (RapportCase, escalated_to, N_("escalated to"), RAPPORT_TEXT_SHORT),
  { NULL }
};

static const TextField feedback_fields[] = {
  FIELD (RapportFeedback, uid, N_("uid"), RAPPORT_TEXT_CODE),
  FIELD (RapportFeedback, comment, N_("comment"), RAPPORT_TEXT_LONG),
  FIELD (RapportFeedback, themes, N_("themes"), RAPPORT_TEXT_SHORT),
  { NULL }
};

static const TextField service_target_fields[] = {
  FIELD (RapportServiceTarget, type_key, N_("type"), RAPPORT_TEXT_CODE),
  FIELD (RapportServiceTarget, name, N_("name"), RAPPORT_TEXT_SHORT),
  { NULL }
};

#undef FIELD

static char **
field_pointer (gconstpointer    record,
               const TextField *field)
{
  return G_STRUCT_MEMBER_P ((gpointer) record, field->offset);
}

/* Escaping for messages */

/* Appends @text (@length bytes, any bytes) with invalid bytes and
 * control characters (but @keep_lines: LF and TAB) as \xNN; at most
 * @max_chars characters (0: all). Returns whether all of it went in. */
static gboolean
append_escaped (GString    *out,
                const char *text,
                gsize       length,
                guint       max_chars,
                gboolean    keep_lines)
{
  const char *p = text;
  const char *end = text + length;
  guint chars = 0;

  while (p < end)
    {
      gunichar c;

      if (max_chars > 0 && chars == max_chars)
        return FALSE;

      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2 || c == 0 ||
          (c < 0x20 && !(keep_lines && (c == '\n' || c == '\t'))) || c == 0x7f)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (out, p, next - p);
          p = next;
        }
      chars++;
    }

  return TRUE;
}

static void
append_for_message (GString    *out,
                    const char *text,
                    gsize       length)
{
  g_autoptr(GString) head = g_string_new (NULL);

  if (append_escaped (head, text, length, RAPPORT_TEXT_MESSAGE_CHARS, FALSE))
    {
      g_string_append_len (out, head->str, head->len);
      return;
    }

  {
    g_autofree char *size = g_format_size (length);

    /* Translators: a value cut short in a message: its beginning, then
     * the size of the whole value, as in “Amara Oka… (10.0 MB)” */
    g_string_append_printf (out, _("%s… (%s)"), head->str, size);
  }
}

char *
rapport_text_for_message (const char *text,
                          gssize      length)
{
  GString *out = g_string_new (NULL);

  if (text == NULL)
    return g_string_free (out, FALSE);

  append_for_message (out, text, length < 0 ? strlen (text) : (gsize) length);
  return g_string_free (out, FALSE);
}

char *
rapport_text_sanitize_message (const char *message)
{
  static const char open[] = "“";
  static const char close[] = "”";
  GString *out = g_string_new (NULL);
  const char *p = message;

  if (message == NULL)
    return g_string_free (out, FALSE);

  for (;;)
    {
      const char *start = strstr (p, open);
      const char *stop = start != NULL ? strstr (start + strlen (open), close) : NULL;

      if (start == NULL || stop == NULL)
        {
          append_escaped (out, p, strlen (p), 0, TRUE);
          break;
        }

      start += strlen (open);
      append_escaped (out, p, start - p, 0, TRUE);

      /* A value already shortened (its beginning, "…" and its size) is
       * left as it is. */
      {
        g_autoptr(GString) whole = g_string_new (NULL);

        if (append_escaped (whole, start, stop - start, 2 * RAPPORT_TEXT_MESSAGE_CHARS, FALSE))
          g_string_append_len (out, whole->str, whole->len);
        else
          append_for_message (out, start, stop - start);
      }
      g_string_append (out, close);
      p = stop + strlen (close);
    }

  return g_string_free (out, FALSE);
}

/* Checks */

gboolean
rapport_text_validate (const char  *text,
                       gssize       length,
                       const char  *field,
                       GError     **error)
{
  const char *end = NULL;
  gboolean valid;

  g_return_val_if_fail (field != NULL, FALSE);

  if (text == NULL)
    return TRUE;

  valid = length < 0 ? g_utf8_validate (text, -1, &end)
                     : g_utf8_validate_len (text, length, &end);
  if (valid)
    return TRUE;

  if (length >= 0 && end < text + length && *end == '\0')
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("%s: contains a NUL byte"), field);
      return FALSE;
    }

  {
    g_autofree char *shown = rapport_text_for_message (text, length);

    g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                 /* Translators: a field name, then the value with its invalid bytes as \xNN */
                 _("%s: “%s” is not valid UTF-8 text"), field, shown);
  }
  return FALSE;
}

gsize
rapport_text_fit_length (const char      *text,
                         RapportTextKind  kind)
{
  gsize length;

  if (text == NULL)
    return 0;

  if (kind == RAPPORT_TEXT_LONG)
    {
      length = strlen (text);
      if (length <= RAPPORT_TEXT_LONG_MAX_BYTES)
        return length;

      length = RAPPORT_TEXT_LONG_MAX_BYTES;
      while (length > 0 && ((guchar) text[length] & 0xc0) == 0x80)
        length--;
      return length;
    }

  {
    const char *p = text;

    for (guint n = 0; *p != '\0' && n < RAPPORT_TEXT_SHORT_MAX_CHARS; n++)
      p = g_utf8_next_char (p);

    return p - text;
  }
}

/* @exact: with the number of bytes, for a limit that is exceeded by
 * little. */
static char *
describe_length (const char      *text,
                 gsize            length,
                 RapportTextKind  kind,
                 gboolean         exact)
{
  if (kind == RAPPORT_TEXT_LONG)
    return g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS | (exact ? G_FORMAT_SIZE_LONG_FORMAT : 0));

  {
    glong chars = g_utf8_strlen (text, length);

    return g_strdup_printf (ngettext ("%ld character", "%ld characters", chars), chars);
  }
}

static char *
describe_limit (RapportTextKind kind,
                gboolean        exact)
{
  if (kind == RAPPORT_TEXT_LONG)
    return g_format_size_full (RAPPORT_TEXT_LONG_MAX_BYTES,
                               G_FORMAT_SIZE_IEC_UNITS | (exact ? G_FORMAT_SIZE_LONG_FORMAT : 0));

  return g_strdup_printf (ngettext ("%d character", "%d characters", RAPPORT_TEXT_SHORT_MAX_CHARS),
                          RAPPORT_TEXT_SHORT_MAX_CHARS);
}

gboolean
rapport_text_check (const char       *text,
                    gssize            length,
                    RapportTextKind   kind,
                    const char       *field,
                    GError          **error)
{
  gsize n;

  g_return_val_if_fail (field != NULL, FALSE);

  if (text == NULL)
    return TRUE;

  if (!rapport_text_validate (text, length, field, error))
    return FALSE;

  n = length < 0 ? strlen (text) : (gsize) length;
  if (rapport_text_fit_length (text, kind) < n)
    {
      g_autofree char *size = describe_length (text, n, kind, TRUE);
      g_autofree char *limit = describe_limit (kind, TRUE);

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: a field name, how long the text is and the limit, as in
                    * “notes: too long: 2.0 MiB (2097152 bytes), at most 1.0 MiB (1048576 bytes)”
                    * or “name: too long: 412 characters, at most 300 characters” */
                   _("%s: too long: %s, at most %s"), field, size, limit);
      return FALSE;
    }

  return TRUE;
}

gboolean
rapport_text_is_cut_of (const char      *cut,
                        const char      *full,
                        RapportTextKind  kind)
{
  gsize fit;
  gsize cut_length;

  if (full == NULL || cut == NULL || *cut == '\0' || kind == RAPPORT_TEXT_CODE ||
      !g_utf8_validate (full, -1, NULL))
    return FALSE;

  while (g_ascii_isspace (*full))
    full++;

  fit = rapport_text_fit_length (full, kind);
  if (full[fit] == '\0')
    return FALSE;

  cut_length = strlen (cut);
  if (cut_length > fit || strncmp (full, cut, cut_length) != 0)
    return FALSE;

  /* What the store trimmed off the end of the cut. */
  for (gsize i = cut_length; i < fit; i++)
    if (!g_ascii_isspace (full[i]))
      return FALSE;

  return TRUE;
}

/* Records */

static gboolean
check_fields (gconstpointer     record,
              const TextField  *fields,
              GError          **error)
{
  for (guint i = 0; fields[i].name != NULL; i++)
    if (!rapport_text_check (*field_pointer (record, &fields[i]), -1, fields[i].kind,
                             _(fields[i].name), error))
      return FALSE;

  return TRUE;
}

char *
rapport_text_fit (char            **text,
                  RapportTextKind   kind,
                  const char       *field)
{
  g_autofree char *limit = NULL;
  g_autofree char *size = NULL;
  char *shorter;
  gsize length;
  gsize fit;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (*text == NULL || kind == RAPPORT_TEXT_CODE || !g_utf8_validate (*text, -1, NULL))
    return NULL;

  length = strlen (*text);
  fit = rapport_text_fit_length (*text, kind);
  if (fit == length)
    return NULL;

  limit = describe_limit (kind, FALSE);
  size = describe_length (*text, length, kind, FALSE);
  shorter = g_strndup (*text, fit);
  g_free (*text);
  *text = shorter;

  /* Translators: a field name, the limit and how long the text was,
   * as in “notes: cut to 1.0 MiB (it had 2.0 MiB)” */
  return g_strdup_printf (_("%s: cut to %s (it had %s)"), field, limit, size);
}

static void
fit_fields (gpointer          record,
            const TextField  *fields,
            GPtrArray       **cuts)
{
  for (guint i = 0; fields[i].name != NULL; i++)
    {
      char *cut = rapport_text_fit (field_pointer (record, &fields[i]), fields[i].kind,
                                    _(fields[i].name));

      if (cut == NULL)
        continue;

      if (*cuts == NULL)
        *cuts = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (*cuts, cut);
    }
}

static gboolean
check_each (GPtrArray        *items,
            const TextField  *fields,
            GError          **error)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    if (!check_fields (g_ptr_array_index (items, i), fields, error))
      return FALSE;

  return TRUE;
}

static void
fit_each (GPtrArray        *items,
          const TextField  *fields,
          GPtrArray       **cuts)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    fit_fields (g_ptr_array_index (items, i), fields, cuts);
}

gboolean
rapport_customer_check_text (const RapportCustomer  *customer,
                             GError                **error)
{
  g_return_val_if_fail (customer != NULL, FALSE);

  if (!check_fields (customer, customer_fields, error) ||
      !check_each (customer->emails, email_fields, error) ||
      !check_each (customer->phones, phone_fields, error) ||
      !check_each (customer->addresses, address_fields, error))
    return FALSE;

  for (guint i = 0; customer->types != NULL && i < customer->types->len; i++)
    if (!rapport_text_check (g_ptr_array_index (customer->types, i), -1, RAPPORT_TEXT_CODE,
                             _("type"), error))
      return FALSE;

  return TRUE;
}

GPtrArray *
rapport_customer_fit_text (RapportCustomer *customer)
{
  GPtrArray *cuts = NULL;

  g_return_val_if_fail (customer != NULL, NULL);

  fit_fields (customer, customer_fields, &cuts);
  fit_each (customer->emails, email_fields, &cuts);
  fit_each (customer->phones, phone_fields, &cuts);
  fit_each (customer->addresses, address_fields, &cuts);

  return cuts;
}

gboolean
rapport_customer_type_check_text (const RapportCustomerType  *type,
                                  GError                    **error)
{
  g_return_val_if_fail (type != NULL, FALSE);

  return check_fields (type, customer_type_fields, error);
}

gboolean
rapport_interaction_check_text (const RapportInteraction  *interaction,
                                GError                   **error)
{
  g_return_val_if_fail (interaction != NULL, FALSE);

  return check_fields (interaction, interaction_fields, error);
}

gboolean
rapport_follow_up_check_text (const RapportFollowUp  *follow_up,
                              GError                **error)
{
  g_return_val_if_fail (follow_up != NULL, FALSE);

  return check_fields (follow_up, follow_up_fields, error);
}

gboolean
rapport_contract_check_text (const RapportContract  *contract,
                             GError                **error)
{
  g_return_val_if_fail (contract != NULL, FALSE);

  return check_fields (contract, contract_fields, error);
}

gboolean
rapport_notice_check_text (const RapportNotice  *notice,
                           GError              **error)
{
  g_return_val_if_fail (notice != NULL, FALSE);

  return check_fields (notice, notice_fields, error);
}

gboolean
rapport_case_check_text (const RapportCase  *kase,
                         GError            **error)
{
  g_return_val_if_fail (kase != NULL, FALSE);

  return check_fields (kase, case_fields, error);
}

gboolean
rapport_feedback_check_text (const RapportFeedback  *feedback,
                             GError                **error)
{
  g_return_val_if_fail (feedback != NULL, FALSE);

  return check_fields (feedback, feedback_fields, error);
}

gboolean
rapport_service_target_check_text (const RapportServiceTarget  *target,
                                   GError                     **error)
{
  g_return_val_if_fail (target != NULL, FALSE);

  return check_fields (target, service_target_fields, error);
}

GPtrArray *
rapport_interaction_fit_text (RapportInteraction *interaction)
{
  GPtrArray *cuts = NULL;

  g_return_val_if_fail (interaction != NULL, NULL);

  fit_fields (interaction, interaction_fields, &cuts);
  return cuts;
}

GPtrArray *
rapport_follow_up_fit_text (RapportFollowUp *follow_up)
{
  GPtrArray *cuts = NULL;

  g_return_val_if_fail (follow_up != NULL, NULL);

  fit_fields (follow_up, follow_up_fields, &cuts);
  return cuts;
}

GPtrArray *
rapport_contract_fit_text (RapportContract *contract)
{
  GPtrArray *cuts = NULL;

  g_return_val_if_fail (contract != NULL, NULL);

  fit_fields (contract, contract_fields, &cuts);
  return cuts;
}

GPtrArray *
rapport_notice_fit_text (RapportNotice *notice)
{
  GPtrArray *cuts = NULL;

  g_return_val_if_fail (notice != NULL, NULL);

  fit_fields (notice, notice_fields, &cuts);
  return cuts;
}
