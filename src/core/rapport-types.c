/* rapport-types.c */

#define G_LOG_DOMAIN "rapport-types"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-types.h"

const RapportEnumInfo rapport_customer_kind_info[] = {
  { RAPPORT_CUSTOMER_KIND_PERSON, "person", N_("Person") },
  { RAPPORT_CUSTOMER_KIND_ORGANIZATION, "organization", N_("Organization") },
  { 0 }
};

const RapportEnumInfo rapport_lifecycle_info[] = {
  { RAPPORT_LIFECYCLE_LEAD, "lead", N_("Lead") },
  { RAPPORT_LIFECYCLE_ACTIVE, "active", N_("Active") },
  { RAPPORT_LIFECYCLE_INACTIVE, "inactive", N_("Inactive") },
  { RAPPORT_LIFECYCLE_CHURNED, "churned", N_("Churned") },
  { 0 }
};

const RapportEnumInfo rapport_channel_info[] = {
  { RAPPORT_CHANNEL_NONE, "none", N_("No preference") },
  { RAPPORT_CHANNEL_PHONE, "phone", N_("Phone") },
  { RAPPORT_CHANNEL_EMAIL, "email", N_("Email") },
  { RAPPORT_CHANNEL_SMS, "sms", N_("SMS") },
  { RAPPORT_CHANNEL_SOCIAL, "social", N_("Social media") },
  { RAPPORT_CHANNEL_MESSAGING, "messaging", N_("Instant messaging") },
  { RAPPORT_CHANNEL_CHAT, "chat", N_("Live chat") },
  { RAPPORT_CHANNEL_VIDEO, "video", N_("Video call") },
  { RAPPORT_CHANNEL_IN_PERSON, "in-person", N_("In person") },
  { RAPPORT_CHANNEL_LETTER, "letter", N_("Letter") },
  { 0 }
};

const RapportEnumInfo rapport_direction_info[] = {
  { RAPPORT_DIRECTION_INBOUND, "inbound", N_("Inbound") },
  { RAPPORT_DIRECTION_OUTBOUND, "outbound", N_("Outbound") },
  { 0 }
};

const RapportEnumInfo rapport_follow_up_state_info[] = {
  { RAPPORT_FOLLOW_UP_OPEN, "open", N_("Open") },
  { RAPPORT_FOLLOW_UP_DONE, "done", N_("Done") },
  { RAPPORT_FOLLOW_UP_CANCELLED, "cancelled", N_("Cancelled") },
  { 0 }
};

const RapportEnumInfo rapport_contract_state_info[] = {
  { RAPPORT_CONTRACT_ACTIVE, "active", N_("Active") },
  { RAPPORT_CONTRACT_RENEWAL_DUE, "renewal-due", N_("Renewal due") },
  { RAPPORT_CONTRACT_RENEWED, "renewed", N_("Renewed") },
  { RAPPORT_CONTRACT_LAPSED, "lapsed", N_("Lapsed") },
  { RAPPORT_CONTRACT_CANCELLED, "cancelled", N_("Cancelled") },
  { 0 }
};

const RapportEnumInfo rapport_notice_state_info[] = {
  { RAPPORT_NOTICE_DUE, "due", N_("Due") },
  { RAPPORT_NOTICE_PREPARED, "prepared", N_("Prepared") },
  { RAPPORT_NOTICE_SENT, "sent", N_("Sent") },
  { RAPPORT_NOTICE_RENEWED, "renewed", N_("Renewed") },
  { RAPPORT_NOTICE_LAPSED, "lapsed", N_("Lapsed") },
  { 0 }
};

const RapportEnumInfo rapport_case_state_info[] = {
  { RAPPORT_CASE_OPEN, "open", N_("Open") },
  { RAPPORT_CASE_IN_PROGRESS, "in-progress", N_("In progress") },
  { RAPPORT_CASE_ESCALATED, "escalated", N_("Escalated") },
  { RAPPORT_CASE_RESOLVED, "resolved", N_("Resolved") },
  { RAPPORT_CASE_CLOSED, "closed", N_("Closed") },
  { 0 }
};

const RapportEnumInfo rapport_severity_info[] = {
  { RAPPORT_SEVERITY_LOW, "low", N_("Low") },
  { RAPPORT_SEVERITY_NORMAL, "normal", N_("Normal") },
  { RAPPORT_SEVERITY_HIGH, "high", N_("High") },
  { RAPPORT_SEVERITY_CRITICAL, "critical", N_("Critical") },
  { 0 }
};

const RapportEnumInfo rapport_case_category_info[] = {
  { RAPPORT_CASE_CATEGORY_QUERY, "query", N_("Query") },
  { RAPPORT_CASE_CATEGORY_FAULTY_GOODS, "faulty-goods", N_("Faulty goods") },
  { RAPPORT_CASE_CATEGORY_DELIVERY, "delivery", N_("Late or missing delivery") },
  { RAPPORT_CASE_CATEGORY_BILLING, "billing", N_("Billing or pricing dispute") },
  { RAPPORT_CASE_CATEGORY_EXPECTATIONS, "expectations", N_("Unmet expectations") },
  { RAPPORT_CASE_CATEGORY_BEHAVIOUR, "behaviour", N_("Rude behaviour") },
  { RAPPORT_CASE_CATEGORY_POLICY, "policy", N_("Unclear policy") },
  { RAPPORT_CASE_CATEGORY_WAITING, "waiting", N_("Long wait") },
  { RAPPORT_CASE_CATEGORY_OTHER, "other", N_("Other") },
  { 0 }
};

const RapportEnumInfo rapport_resolution_info[] = {
  { RAPPORT_RESOLUTION_NONE, "none", N_("None yet") },
  { RAPPORT_RESOLUTION_REFUND, "refund", N_("Refund") },
  { RAPPORT_RESOLUTION_REPLACEMENT, "replacement", N_("Replacement") },
  { RAPPORT_RESOLUTION_REPAIR, "repair", N_("Repair") },
  { RAPPORT_RESOLUTION_CORRECTION, "correction", N_("Error corrected") },
  { RAPPORT_RESOLUTION_APOLOGY, "apology", N_("Apology") },
  { RAPPORT_RESOLUTION_GOODWILL, "goodwill", N_("Goodwill gesture") },
  { RAPPORT_RESOLUTION_EXPECTATION, "expectation", N_("Expectation matched") },
  { 0 }
};

static const RapportEnumInfo *
lookup_value (const RapportEnumInfo *info,
              int                    value)
{
  for (guint i = 0; info[i].key != NULL; i++)
    if (info[i].value == value)
      return &info[i];
  return NULL;
}

const char *
rapport_enum_to_key (const RapportEnumInfo *info,
                     int                    value)
{
  const RapportEnumInfo *found;

  g_return_val_if_fail (info != NULL, NULL);

  found = lookup_value (info, value);
  return found != NULL ? found->key : info[0].key;
}

const char *
rapport_enum_to_label (const RapportEnumInfo *info,
                       int                    value)
{
  const RapportEnumInfo *found;

  g_return_val_if_fail (info != NULL, NULL);

  found = lookup_value (info, value);
  return g_dgettext (GETTEXT_PACKAGE, found != NULL ? found->label : info[0].label);
}

gboolean
rapport_enum_from_key (const RapportEnumInfo  *info,
                       const char             *key,
                       const char             *field,
                       int                    *value,
                       GError                **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GString) valid = NULL;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (key != NULL)
    {
      trimmed = g_strstrip (g_strdup (key));
      folded = g_ascii_strdown (trimmed, -1);
      g_strdelimit (folded, "_ ", '-');

      for (guint i = 0; info[i].key != NULL; i++)
        {
          if (g_str_equal (folded, info[i].key))
            {
              *value = info[i].value;
              return TRUE;
            }
        }
    }

  valid = g_string_new (NULL);
  for (guint i = 0; info[i].key != NULL; i++)
    g_string_append_printf (valid, "%s%s", i > 0 ? ", " : "", info[i].key);

  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
               /* Translators: the first %s is a field name, the last a list of valid values */
               _("%s: “%s” is not one of: %s"),
               field, key != NULL ? key : "", valid->str);
  return FALSE;
}
