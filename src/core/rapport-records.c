/* rapport-records.c */

#define G_LOG_DOMAIN "rapport-records"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "rapport-records.h"

G_DEFINE_BOXED_TYPE (RapportInteraction, rapport_interaction, rapport_interaction_copy, rapport_interaction_free)
G_DEFINE_BOXED_TYPE (RapportFollowUp, rapport_follow_up, rapport_follow_up_copy, rapport_follow_up_free)
G_DEFINE_BOXED_TYPE (RapportContract, rapport_contract, rapport_contract_copy, rapport_contract_free)

RapportCustomerType *
rapport_customer_type_new (void)
{
  return g_new0 (RapportCustomerType, 1);
}

void
rapport_customer_type_free (RapportCustomerType *self)
{
  if (self == NULL)
    return;

  g_free (self->key);
  g_free (self->name);
  g_free (self->description);
  g_free (self);
}

const char *
rapport_customer_type_get_label (const RapportCustomerType *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->builtin ? g_dgettext (GETTEXT_PACKAGE, self->name) : self->name;
}

const char *
rapport_customer_type_get_description (const RapportCustomerType *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->description == NULL)
    return "";

  return self->builtin ? g_dgettext (GETTEXT_PACKAGE, self->description) : self->description;
}

RapportInteraction *
rapport_interaction_new (void)
{
  RapportInteraction *self = g_new0 (RapportInteraction, 1);

  self->channel = RAPPORT_CHANNEL_PHONE;
  self->direction = RAPPORT_DIRECTION_INBOUND;

  return self;
}

RapportInteraction *
rapport_interaction_copy (const RapportInteraction *self)
{
  RapportInteraction *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (RapportInteraction, 1);
  *copy = *self;
  copy->uid = g_strdup (self->uid);
  copy->contact_name = g_strdup (self->contact_name);
  copy->contact_point = g_strdup (self->contact_point);
  copy->subject = g_strdup (self->subject);
  copy->body = g_strdup (self->body);
  copy->action_requested = g_strdup (self->action_requested);
  copy->action_promised = g_strdup (self->action_promised);
  copy->recorded_by = g_strdup (self->recorded_by);
  copy->outcome = g_strdup (self->outcome);

  return copy;
}

void
rapport_interaction_free (RapportInteraction *self)
{
  if (self == NULL)
    return;

  g_free (self->uid);
  g_free (self->contact_name);
  g_free (self->contact_point);
  g_free (self->subject);
  g_free (self->body);
  g_free (self->action_requested);
  g_free (self->action_promised);
  g_free (self->recorded_by);
  g_free (self->outcome);
  g_free (self);
}

RapportFollowUp *
rapport_follow_up_new (void)
{
  return g_new0 (RapportFollowUp, 1);
}

RapportFollowUp *
rapport_follow_up_copy (const RapportFollowUp *self)
{
  RapportFollowUp *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (RapportFollowUp, 1);
  *copy = *self;
  copy->uid = g_strdup (self->uid);
  copy->customer_name = g_strdup (self->customer_name);
  copy->time_zone = g_strdup (self->time_zone);
  copy->title = g_strdup (self->title);
  copy->notes = g_strdup (self->notes);
  copy->rrule = g_strdup (self->rrule);
  copy->owner = g_strdup (self->owner);

  return copy;
}

void
rapport_follow_up_free (RapportFollowUp *self)
{
  if (self == NULL)
    return;

  g_free (self->uid);
  g_free (self->customer_name);
  g_free (self->time_zone);
  g_free (self->title);
  g_free (self->notes);
  g_free (self->rrule);
  g_free (self->owner);
  g_free (self);
}

gint64
rapport_follow_up_get_effective_due (const RapportFollowUp *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->snoozed_until != 0 ? self->snoozed_until : self->due;
}

RapportContract *
rapport_contract_new (void)
{
  RapportContract *self = g_new0 (RapportContract, 1);

  self->lead_days = 30;

  return self;
}

RapportContract *
rapport_contract_copy (const RapportContract *self)
{
  RapportContract *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (RapportContract, 1);
  *copy = *self;
  copy->uid = g_strdup (self->uid);
  copy->customer_name = g_strdup (self->customer_name);
  copy->product = g_strdup (self->product);
  copy->start_date = g_strdup (self->start_date);
  copy->end_date = g_strdup (self->end_date);
  copy->currency = g_strdup (self->currency);
  copy->notes = g_strdup (self->notes);

  return copy;
}

void
rapport_contract_free (RapportContract *self)
{
  if (self == NULL)
    return;

  g_free (self->uid);
  g_free (self->customer_name);
  g_free (self->product);
  g_free (self->start_date);
  g_free (self->end_date);
  g_free (self->currency);
  g_free (self->notes);
  g_free (self);
}

void
rapport_contract_get_notice_date (const RapportContract *self,
                                  char                   out[11])
{
  int y = 0, m = 0, d = 0;
  g_autoptr(GDate) date = NULL;

  out[0] = '\0';

  g_return_if_fail (self != NULL);

  if (self->end_date == NULL ||
      sscanf (self->end_date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return;

  date = g_date_new_dmy (d, m, y);
  if (self->lead_days > 0)
    g_date_subtract_days (date, self->lead_days);
  g_snprintf (out, 11, "%04d-%02d-%02d",
              g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

RapportNotice *
rapport_notice_new (void)
{
  return g_new0 (RapportNotice, 1);
}

RapportNotice *
rapport_notice_copy (const RapportNotice *self)
{
  RapportNotice *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (RapportNotice, 1);
  *copy = *self;
  copy->uid = g_strdup (self->uid);
  copy->due_date = g_strdup (self->due_date);
  copy->language = g_strdup (self->language);
  copy->subject = g_strdup (self->subject);
  copy->body = g_strdup (self->body);
  copy->customer_name = g_strdup (self->customer_name);
  copy->product = g_strdup (self->product);

  return copy;
}

void
rapport_notice_free (RapportNotice *self)
{
  if (self == NULL)
    return;

  g_free (self->uid);
  g_free (self->due_date);
  g_free (self->language);
  g_free (self->subject);
  g_free (self->body);
  g_free (self->customer_name);
  g_free (self->product);
  g_free (self);
}

RapportCase *
rapport_case_new (void)
{
  RapportCase *self = g_new0 (RapportCase, 1);

  self->severity = RAPPORT_SEVERITY_NORMAL;

  return self;
}

void
rapport_case_free (RapportCase *self)
{
  if (self == NULL)
    return;

  g_free (self->uid);
  g_free (self->summary);
  g_free (self->description);
  g_free (self->resolution_notes);
  g_free (self->escalated_to);
  g_free (self);
}

RapportFeedback *
rapport_feedback_new (void)
{
  RapportFeedback *self = g_new0 (RapportFeedback, 1);

  self->nps = -1;

  return self;
}

void
rapport_feedback_free (RapportFeedback *self)
{
  if (self == NULL)
    return;

  g_free (self->uid);
  g_free (self->comment);
  g_free (self->themes);
  g_free (self);
}

RapportServiceTarget *
rapport_service_target_new (void)
{
  return g_new0 (RapportServiceTarget, 1);
}

void
rapport_service_target_free (RapportServiceTarget *self)
{
  if (self == NULL)
    return;

  g_free (self->type_key);
  g_free (self->name);
  g_free (self);
}
