/* rapport-case-state.h
 *
 * The decisions of the Cases section as plain values, computed without a
 * display so the tests can check them: which group a case shows in, the
 * first-response target that applies to a customer and whether a case is
 * past it, how a case row reads, and the case dialog's inline validation.
 * Widgets only apply what these return.
 */
#pragma once

#include "rapport-records.h"

G_BEGIN_DECLS

/* How long a resolved or closed case stays under "Resolved Recently". */
#define RAPPORT_CASE_RECENT_DAYS 30

typedef enum
{
  RAPPORT_CASE_GROUP_NONE,       /* not listed: resolved longer ago */
  RAPPORT_CASE_GROUP_OPEN,       /* open or in progress */
  RAPPORT_CASE_GROUP_ESCALATED,
  RAPPORT_CASE_GROUP_RESOLVED,   /* resolved or closed in the last 30 days */
} RapportCaseGroup;

RapportCaseGroup rapport_case_group_for          (const RapportCase    *kase,
                                                  GDateTime            *now);

/* The first-response target, in seconds, for a customer of @type_keys
 * (char*, stored and derived; NULL for none): the strictest of the
 * RapportServiceTarget in @targets whose type_key is "" (everyone) or one
 * of @type_keys. 0 when none applies. */
gint64           rapport_case_response_target    (GPtrArray            *targets,
                                                  GPtrArray            *type_keys);

/* Whether @kase still waits for its first response although @target
 * seconds (0: no target) have passed since it was opened. Resolved and
 * closed cases are never past it. */
gboolean         rapport_case_is_past_response_target (const RapportCase *kase,
                                                  gint64                target,
                                                  GDateTime            *now);

/* "45 min", "2 h 5 min", "3 days": a time to respond, rounded down to the
 * minute (up to a minute for less). */
char            *rapport_case_format_wait        (gint64                seconds);

/* What one case row shows. */
typedef struct
{
  const char *category;        /* translated label */
  const char *severity;        /* translated label for high and critical, else NULL */
  gboolean    critical;
  char       *opened;          /* "opened 3 days ago" */
  char       *response;        /* "First response in 2 h 5 min", "No response yet" */
  gboolean    response_late;   /* past the target: waiting, or answered late */
  gboolean    waiting;         /* no first response yet */
  char       *escalation;      /* "Referred to Dana by phone", or NULL */
  char       *resolution;      /* "Refund · resolved today", or NULL */
} RapportCaseRow;

/* @target: rapport_case_response_target for the case's customer. */
void             rapport_case_row_compute        (const RapportCase    *kase,
                                                  gint64                target,
                                                  GDateTime            *now,
                                                  RapportCaseRow       *out);
void             rapport_case_row_clear          (RapportCaseRow       *self);

/* The case dialog's fields. Feedback scores use 0 (CSAT, CES) and -1
 * (NPS) for "not given". */
typedef struct
{
  gint64            customer_id;      /* 0: none picked yet */
  const char       *summary;
  RapportCaseState  state;
  gint64            opened_at;        /* 0: now (a new case) */
  const char       *first_response;   /* "YYYY-MM-DD HH:MM", empty: none */
  RapportResolution resolution;
  const char       *escalated_to;
  int               csat;
  int               nps;
  int               ces;
  const char       *comment;
  const char       *themes;           /* comma-separated theme codes */
} RapportCaseForm;

typedef enum
{
  RAPPORT_CASE_FIELD_CUSTOMER,
  RAPPORT_CASE_FIELD_SUMMARY,
  RAPPORT_CASE_FIELD_FIRST_RESPONSE,
  RAPPORT_CASE_FIELD_RESOLUTION,
  RAPPORT_CASE_FIELD_ESCALATED_TO,
  RAPPORT_CASE_FIELD_THEMES,
  RAPPORT_CASE_N_FIELDS,
} RapportCaseField;

typedef struct
{
  char     *errors[RAPPORT_CASE_N_FIELDS];  /* NULL where the field is fine */
  gint64    first_response_at;              /* 0: none */
  char     *themes;                         /* "late-delivery,refund", NULL: none */
  gboolean  has_feedback;                   /* a score or a comment was given */
  gboolean  can_save;
} RapportCaseCheck;

/* Dates are read in @now's zone; a first response may not be in the
 * future nor before the case was opened. */
void             rapport_case_form_check         (const RapportCaseForm *form,
                                                  GDateTime            *now,
                                                  RapportCaseCheck     *out);
void             rapport_case_check_clear        (RapportCaseCheck     *self);

/* Whether the case state means a resolution kind belongs to it. */
gboolean         rapport_case_state_is_resolved  (RapportCaseState      state);

G_END_DECLS
