/* rapport-records.h
 *
 * The records around a customer: contact history (interactions),
 * follow-ups, contracts and their renewal notices, cases, feedback,
 * service targets and customer types. Plain boxed structs; the store
 * fills and persists them.
 */
#pragma once

#include <glib-object.h>

#include "rapport-types.h"

G_BEGIN_DECLS

struct _RapportCustomerType
{
  gint64    id;
  char     *key;          /* "vip", "b2b", or a user-defined slug */
  char     *name;         /* for built-in types: untranslated, use _() */
  char     *description;
  gboolean  builtin;
  gboolean  derivable;    /* "new" and "returning" are also computed */
};

/* Message taking: for whom, from whom, how to reach them, what, why,
 * recorded by whom, when and how long it took. */
struct _RapportInteraction
{
  gint64            id;
  char             *uid;
  gint64            customer_id;
  gint64            when;             /* Unix seconds, UTC */
  RapportChannel    channel;
  RapportDirection  direction;
  char             *contact_name;     /* from whom, when not the customer */
  char             *contact_point;    /* number or address to reach them */
  char             *subject;
  char             *body;
  char             *action_requested;
  char             *action_promised;
  char             *recorded_by;
  gint64            handle_time;      /* seconds */
  char             *outcome;
  gint64            case_id;          /* 0: none */
  gint64            created;
  gint64            modified;
};

struct _RapportFollowUp
{
  gint64                id;
  char                 *uid;
  gint64                customer_id;      /* 0: no customer yet (a task from another app) */
  char                 *customer_name;    /* read-only, filled on load; NULL with no customer */
  gint64                due;              /* Unix seconds, UTC */
  char                 *time_zone;        /* zone it was set in (IANA) */
  char                 *title;
  char                 *notes;
  int                   priority;         /* 0 none, 1 highest .. 9 lowest */
  RapportFollowUpState  state;
  gint64                snoozed_until;    /* 0: not snoozed */
  char                 *rrule;            /* iCalendar RRULE, NULL: once */
  gint64                origin_interaction_id;
  gint64                completed_at;
  char                 *owner;
  gint64                created;
  gint64                modified;
};

struct _RapportContract
{
  gint64                id;
  char                 *uid;
  gint64                customer_id;
  char                 *customer_name;    /* read-only */
  char                 *product;
  char                 *start_date;       /* YYYY-MM-DD */
  char                 *end_date;         /* YYYY-MM-DD, the renewal date */
  gint64                value;            /* minor units */
  char                 *currency;         /* ISO 4217 */
  gboolean              auto_renew;
  int                   lead_days;
  RapportContractState  state;
  char                 *notes;
  gint64                created;
  gint64                modified;
};

struct _RapportNotice
{
  gint64             id;
  char              *uid;
  gint64             contract_id;
  char              *due_date;            /* YYYY-MM-DD */
  char              *language;
  RapportChannel     channel;
  char              *subject;
  char              *body;
  RapportNoticeState state;
  gint64             sent_at;
  gint64             created;
  gint64             modified;
  /* Read-only, filled by rapport_store_get_notice() and
   * rapport_store_list_notices_all() (rapport-store-notices.h). */
  gint64             customer_id;
  char              *customer_name;
  char              *product;
  gboolean           auto_renew;          /* the contract renews by itself: a courtesy notice */
};

struct _RapportCase
{
  gint64               id;
  char                *uid;
  gint64               customer_id;
  gint64               opened_at;
  RapportCaseCategory  category;
  char                *summary;
  char                *description;
  RapportSeverity      severity;
  RapportCaseState     state;
  gint64               first_response_at;
  gint64               resolved_at;
  RapportResolution    resolution;
  char                *resolution_notes;
  char                *escalated_to;
  RapportChannel       escalation_channel;
  gint64               created;
  gint64               modified;
};

struct _RapportFeedback
{
  gint64  id;
  char   *uid;
  gint64  customer_id;
  gint64  case_id;           /* 0: none */
  gint64  interaction_id;    /* 0: none */
  gint64  received_at;
  int     csat;              /* 1-5, 0: not given */
  int     nps;               /* 0-10, -1: not given */
  int     ces;               /* 1-7, 0: not given */
  char   *comment;
  char   *themes;            /* comma-separated theme codes */
  gint64  created;
};

struct _RapportServiceTarget
{
  gint64  id;
  char   *type_key;          /* customer type it applies to; "" for all */
  char   *name;
  gint64  response_seconds;  /* 0: no target */
  gint64  resolution_seconds;
};

#define RAPPORT_TYPE_INTERACTION (rapport_interaction_get_type ())
#define RAPPORT_TYPE_FOLLOW_UP   (rapport_follow_up_get_type ())
#define RAPPORT_TYPE_CONTRACT    (rapport_contract_get_type ())

GType                 rapport_interaction_get_type   (void) G_GNUC_CONST;
GType                 rapport_follow_up_get_type     (void) G_GNUC_CONST;
GType                 rapport_contract_get_type      (void) G_GNUC_CONST;

RapportCustomerType  *rapport_customer_type_new      (void);
void                  rapport_customer_type_free     (RapportCustomerType  *self);
/* The name and description to show: translated for built-in types. */
const char           *rapport_customer_type_get_label       (const RapportCustomerType *self);
const char           *rapport_customer_type_get_description (const RapportCustomerType *self);
RapportInteraction   *rapport_interaction_new        (void);
RapportInteraction   *rapport_interaction_copy       (const RapportInteraction *self);
void                  rapport_interaction_free       (RapportInteraction   *self);
RapportFollowUp      *rapport_follow_up_new          (void);
RapportFollowUp      *rapport_follow_up_copy         (const RapportFollowUp *self);
void                  rapport_follow_up_free         (RapportFollowUp      *self);
/* The moment it is due again: the snooze when set, else the due time. */
gint64                rapport_follow_up_get_effective_due (const RapportFollowUp *self);
RapportContract      *rapport_contract_new           (void);
RapportContract      *rapport_contract_copy          (const RapportContract *self);
void                  rapport_contract_free          (RapportContract      *self);
/* end_date minus lead_days as YYYY-MM-DD, into @out. */
void                  rapport_contract_get_notice_date (const RapportContract *self,
                                                        char                   out[11]);
RapportNotice        *rapport_notice_new             (void);
RapportNotice        *rapport_notice_copy            (const RapportNotice  *self);
void                  rapport_notice_free            (RapportNotice        *self);
RapportCase          *rapport_case_new               (void);
void                  rapport_case_free              (RapportCase          *self);
RapportFeedback      *rapport_feedback_new           (void);
void                  rapport_feedback_free          (RapportFeedback      *self);
RapportServiceTarget *rapport_service_target_new     (void);
void                  rapport_service_target_free    (RapportServiceTarget *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportCustomerType, rapport_customer_type_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportInteraction, rapport_interaction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportFollowUp, rapport_follow_up_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportContract, rapport_contract_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportNotice, rapport_notice_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportCase, rapport_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportFeedback, rapport_feedback_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportServiceTarget, rapport_service_target_free)

G_END_DECLS
