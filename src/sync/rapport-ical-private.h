/* rapport-ical-private.h
 *
 * What the iCalendar mapping (rapport-ical-records.c) shares with the
 * line scanner (rapport-ical-scan.c) that checks every object before
 * libical reads it.
 */
#pragma once

#include <glib.h>
#include <libical/ical.h>

G_BEGIN_DECLS

#define MAX_ICS_SIZE   (64 * 1024 * 1024)
#define MAX_DEPTH      8
#define MAX_PARAMS     256    /* libical's reading is quadratic in them */

typedef enum
{
  LINE_PROPERTY,
  LINE_BEGIN,
  LINE_END,
} LineKind;

/* Thunderbird's snooze: when the alarm rings again (UTC). */
#define X_MOZ_SNOOZE_TIME     "X-MOZ-SNOOZE-TIME"
#define X_NOTICE_STATE        "X-RAPPORT-NOTICE-STATE"
#define X_CHANNEL             "X-RAPPORT-CHANNEL"
#define X_CONTRACT_UID        "X-RAPPORT-CONTRACT-UID"
#define X_CONTRACT_PRODUCT    "X-RAPPORT-CONTRACT-PRODUCT"
#define X_CONTRACT_END        "X-RAPPORT-CONTRACT-END"
#define X_CONTRACT_VALUE      "X-RAPPORT-CONTRACT-VALUE"
#define X_CONTRACT_CURRENCY   "X-RAPPORT-CONTRACT-CURRENCY"
#define X_CONTRACT_START      "X-RAPPORT-CONTRACT-START"
#define X_CONTRACT_AUTO_RENEW "X-RAPPORT-CONTRACT-AUTO-RENEW"
#define X_DIRECTION           "X-RAPPORT-DIRECTION"
#define X_ACTION_REQUESTED    "X-RAPPORT-ACTION-REQUESTED"
#define X_ACTION_PROMISED     "X-RAPPORT-ACTION-PROMISED"
#define X_RECORDED_BY         "X-RAPPORT-RECORDED-BY"
#define X_HANDLE_TIME         "X-RAPPORT-HANDLE-TIME"
#define X_OUTCOME             "X-RAPPORT-OUTCOME"
#define X_CONTACT_NAME        "X-RAPPORT-CONTACT-NAME"
#define X_CONTACT_POINT       "X-RAPPORT-CONTACT-POINT"


typedef struct
{
  gsize     start;      /* first byte of the content line */
  gsize     line_end;   /* after its last physical line (continuations included) */
  gsize     end;        /* first byte of the next one: blank lines go with this one */
  guint     number;     /* its first physical line, from 1 */
  char     *text;       /* unfolded, without the line end */
  char     *name;       /* upper case */
  char     *component;  /* BEGIN and END: the component, upper case */
  gsize     value;      /* offset of the value in text */
  guint     depth;      /* components open around a property or BEGIN; left open after an END */
  LineKind  kind;
} ContentLine;

/* The input, checked: valid UTF-8 without NUL, one VCALENDAR of
 * well-nested components made of NAME[;params]:value lines. */
typedef struct
{
  char   *text;       /* NUL-terminated copy */
  gsize   length;
  gsize   bom;        /* 3 when it begins with a byte order mark */
  GArray *lines;      /* ContentLine */
  icalcomponent *root;
} Ics;

/* libical's error handling, once: never abort. */
void           rapport_ical_init            (void);
void           rapport_ical_set_parse_error (GError      **error,
                                             const char   *format,
                                             ...) G_GNUC_PRINTF (2, 3);
/* The start of @text, for messages. */
char          *rapport_ical_snippet         (const char   *text);

/* Checks @data and reads it with libical; NULL with @error when it is
 * not one well-formed VCALENDAR. */
Ics           *rapport_ics_read             (const char   *data,
                                             gssize        length,
                                             GError      **error);
void           rapport_ics_free             (Ics          *ics);
/* The master component of @kind (the first without RECURRENCE-ID), and
 * its position among the root's components of that kind. */
icalcomponent *rapport_ics_find_master      (icalcomponent      *root,
                                             icalcomponent_kind  kind,
                                             guint              *index);
/* The lines [first, last] of the @index-th component @kind directly in
 * the VCALENDAR. */
gboolean       rapport_ics_find_block       (Ics                *ics,
                                             icalcomponent_kind  kind,
                                             guint               index,
                                             guint              *first,
                                             guint              *last);
guint          rapport_ics_count_blocks     (Ics                *ics,
                                             icalcomponent_kind  kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ics, rapport_ics_free)

G_END_DECLS
