/* rapport-follow-ups-view.c */

#define G_LOG_DOMAIN "rapport-follow-ups-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-customer-chooser.h"
#include "rapport-follow-up-dialog.h"
#include "rapport-follow-up-row.h"
#include "rapport-follow-ups-view.h"
#include "rapport-schedule.h"
#include "rapport-section.h"
#include "rapport-window.h"

#define N_GROUPS 3   /* one per RapportDueRange */
/* Then the follow-ups of no customer yet, shown first. */
#define GROUP_UNASSIGNED N_GROUPS
#define N_LISTS (N_GROUPS + 1)

typedef struct
{
  GtkWidget  *box;
  GtkLabel   *count;
  GtkListBox *list;
  guint       limit;    /* how many to list; grows by a page per "Show more" */
  guint       total;
} DueGroup;

struct _RapportFollowUpsView
{
  GtkWidget          parent_instance;

  RapportContext    *context;
  gboolean           narrow;
  DueGroup           groups[N_LISTS];
  GHashTable        *listed;          /* id -> RapportFollowUp, the rows shown */
  guint              reload_id;
  guint              next_change_id;
  gboolean           dirty;
  double             pending_scroll;  /* < 0: none */
  gint64             snooze_id;       /* the follow-up the date dialog snoozes */

  AdwWindowTitle    *title;
  GtkStack          *stack;
  GtkScrolledWindow *scrolled_window;
  GtkWidget         *unassigned_group;
  GtkLabel          *unassigned_count;
  GtkListBox        *unassigned_list;
  GtkWidget         *overdue_group;
  GtkLabel          *overdue_count;
  GtkListBox        *overdue_list;
  GtkWidget         *today_group;
  GtkLabel          *today_count;
  GtkListBox        *today_list;
  GtkWidget         *upcoming_group;
  GtkLabel          *upcoming_count;
  GtkListBox        *upcoming_list;
  AdwMessageDialog  *snooze_dialog;
  GtkCalendar       *snooze_calendar;
  GtkSpinButton     *snooze_hour;
  GtkSpinButton     *snooze_minute;
  GtkLabel          *snooze_hint;
};

static void queue_reload (RapportFollowUpsView *self);

G_DEFINE_FINAL_TYPE (RapportFollowUpsView, rapport_follow_ups_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What an Undo needs after the view may be gone: the store outlives it. */
typedef struct
{
  RapportStore    *store;
  GWeakRef         window;
  RapportFollowUp *before;    /* the follow-up as it was */
  gint64           next_id;   /* the occurrence Done created, 0: none */
} Undo;

static Undo *
undo_new (RapportFollowUpsView  *self,
          const RapportFollowUp *before)
{
  Undo *undo = g_new0 (Undo, 1);

  undo->store = g_object_ref (rapport_context_get_store (self->context));
  g_weak_ref_init (&undo->window, gtk_widget_get_root (GTK_WIDGET (self)));
  undo->before = rapport_follow_up_copy (before);

  return undo;
}

static void
undo_free (gpointer  data,
           GClosure *closure)
{
  Undo *undo = data;

  g_clear_object (&undo->store);
  g_weak_ref_clear (&undo->window);
  g_clear_pointer (&undo->before, rapport_follow_up_free);
  g_free (undo);
}

static void
undo_error (Undo       *undo,
            const char *what,
            GError     *error)
{
  g_autoptr(GtkRoot) root = g_weak_ref_get (&undo->window);

  rapport_window_toast_error (root, what, error);
}

static void
undo_done_cb (AdwToast *toast,
              Undo     *undo)
{
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(GError) error = NULL;

  if (!(follow_up = rapport_store_get_follow_up (undo->store, undo->before->id, &error)))
    {
      undo_error (undo, _("Could not reopen the follow-up"), error);
      return;
    }

  follow_up->state = RAPPORT_FOLLOW_UP_OPEN;
  follow_up->completed_at = 0;
  follow_up->snoozed_until = undo->before->snoozed_until;

  if (!rapport_store_update_follow_up (undo->store, follow_up, &error) ||
      (undo->next_id != 0 && !rapport_store_delete_follow_up (undo->store, undo->next_id, &error)))
    undo_error (undo, _("Could not reopen the follow-up"), error);
}

static void
undo_snooze_cb (AdwToast *toast,
                Undo     *undo)
{
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(GError) error = NULL;

  if (!(follow_up = rapport_store_get_follow_up (undo->store, undo->before->id, &error)))
    {
      undo_error (undo, _("Could not undo the snooze"), error);
      return;
    }

  follow_up->snoozed_until = undo->before->snoozed_until;
  if (!rapport_store_update_follow_up (undo->store, follow_up, &error))
    undo_error (undo, _("Could not undo the snooze"), error);
}

static void
undo_delete_cb (AdwToast *toast,
                Undo     *undo)
{
  g_autoptr(RapportFollowUp) copy = rapport_follow_up_copy (undo->before);
  g_autoptr(GError) error = NULL;

  copy->id = 0;
  if (!rapport_store_add_follow_up (undo->store, copy, &error))
    undo_error (undo, _("Could not restore the follow-up"), error);
}

static GtkRoot *
get_root (RapportFollowUpsView *self)
{
  return gtk_widget_get_root (GTK_WIDGET (self));
}

const RapportFollowUp *
rapport_follow_ups_view_lookup (RapportFollowUpsView *self,
                                gint64                id)
{
  return g_hash_table_lookup (self->listed, &id);
}

GDateTime *
rapport_follow_ups_view_dup_now (RapportFollowUpsView *self)
{
  return rapport_context_dup_now (self->context);
}

typedef struct
{
  int group;   /* -1: the focus was not in a list */
  int index;
} FocusSpot;

static FocusSpot
remember_focus (RapportFollowUpsView *self)
{
  FocusSpot spot = { -1, 0 };
  GtkRoot *root = get_root (self);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (focus == NULL || !(row = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW)))
    return spot;

  for (int i = 0; i < N_LISTS; i++)
    if (gtk_widget_get_parent (row) == GTK_WIDGET (self->groups[i].list))
      {
        spot.group = i;
        spot.index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
      }

  return spot;
}

/* Back to the row that took the place of the one that had the focus, so
 * that Done after Done works from the keyboard. */
static void
restore_focus (RapportFollowUpsView *self,
               FocusSpot             spot)
{
  if (spot.group < 0)
    return;

  for (int i = spot.group; i < N_LISTS; i++)
    {
      GtkListBox *list = self->groups[i].list;
      GtkListBoxRow *row = NULL;
      int index = i == spot.group ? spot.index : 0;

      while (index >= 0 && !(row = gtk_list_box_get_row_at_index (list, index)))
        index--;

      if (row != NULL)
        {
          GtkWidget *viewport = gtk_scrolled_window_get_child (self->scrolled_window);
          gboolean scrolls = GTK_IS_VIEWPORT (viewport) &&
                             gtk_viewport_get_scroll_to_focus (GTK_VIEWPORT (viewport));

          /* The new row takes the old one's place: where the view is
           * scrolled to stays (the row has no size yet to scroll to). */
          if (scrolls)
            gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), FALSE);
          gtk_widget_grab_focus (GTK_WIDGET (row));
          if (scrolls)
            gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), TRUE);
          return;
        }
    }
}

static void
adjustment_changed_cb (RapportFollowUpsView *self,
                       GtkAdjustment        *adjustment)
{
  if (self->pending_scroll < 0)
    return;

  gtk_adjustment_set_value (adjustment, self->pending_scroll);
}

static void
after_paint_cb (RapportFollowUpsView *self,
                GdkFrameClock        *frame_clock)
{
  /* The rows have their size now: later changes are the user's. */
  self->pending_scroll = -1;
  g_signal_handlers_disconnect_by_func (frame_clock, after_paint_cb, self);
}

static void
keep_scroll_position (RapportFollowUpsView *self,
                      double                value)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), value);

  if (frame_clock == NULL)
    return;

  self->pending_scroll = value;
  g_signal_handlers_disconnect_by_func (frame_clock, after_paint_cb, self);
  g_signal_connect_object (frame_clock, "after-paint", G_CALLBACK (after_paint_cb),
                           self, G_CONNECT_SWAPPED);
}

static gboolean
next_change_cb (gpointer user_data)
{
  RapportFollowUpsView *self = user_data;

  self->next_change_id = 0;
  queue_reload (self);

  return G_SOURCE_REMOVE;
}

static void
reload (RapportFollowUpsView *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  FocusSpot focus = remember_focus (self);
  double scroll = gtk_adjustment_get_value (adjustment);
  gint64 first_today = 0;
  gint64 next_change;
  guint total = 0;

  self->dirty = FALSE;
  g_hash_table_remove_all (self->listed);

  for (int range = 0; range < N_LISTS; range++)
    {
      DueGroup *group = &self->groups[range];
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *count = NULL;
      g_autofree char *more = NULL;

      rapport_section_clear_list (group->list);

      if (range == GROUP_UNASSIGNED)
        {
          group->total = rapport_store_count_unassigned (store, &error);
          if (error == NULL && group->total > 0)
            items = rapport_store_list_unassigned (store, group->limit, &error);
        }
      else
        {
          group->total = rapport_store_count_due (store, range, now, &error);
          if (error == NULL && group->total > 0)
            items = rapport_store_list_due (store, range, now, group->limit, &error);
        }
      if (error != NULL)
        {
          g_warning ("Could not list the follow-ups due: %s", error->message);
          group->total = 0;
        }

      for (guint i = 0; items != NULL && i < items->len; i++)
        {
          RapportFollowUp *follow_up = g_ptr_array_index (items, i);

          RapportFollowUp *copy = rapport_follow_up_copy (follow_up);

          gtk_list_box_append (group->list, rapport_follow_up_row_new (follow_up, now, range));
          g_hash_table_insert (self->listed, &copy->id, copy);
        }

      if (range == RAPPORT_DUE_TODAY && items != NULL && items->len > 0)
        first_today = rapport_follow_up_get_effective_due (g_ptr_array_index (items, 0));

      if ((more = rapport_format_show_more (items != NULL ? items->len : 0, group->total)))
        gtk_list_box_append (group->list, rapport_show_more_row_new (more, range));

      count = g_strdup_printf ("%u", group->total);
      gtk_label_set_label (group->count, count);
      gtk_widget_set_visible (group->box, group->total > 0);

      total += group->total;
    }

  if (total > 0)
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", total),
                                                   total);

      adw_window_title_set_subtitle (self->title, subtitle);
      gtk_stack_set_visible_child_name (self->stack, "list");
    }
  else
    {
      adw_window_title_set_subtitle (self->title, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }

  keep_scroll_position (self, scroll);
  restore_focus (self, focus);

  /* Follow-ups move from Today to Overdue, and from Upcoming to Today at
   * midnight, without anything written. Waking from suspend or a changed
   * clock is caught within ten minutes. */
  next_change = rapport_due_next_change (now, first_today);
  g_clear_handle_id (&self->next_change_id, g_source_remove);
  self->next_change_id = g_timeout_add_seconds (CLAMP (next_change - g_date_time_to_unix (now) + 1, 1, 600),
                                                next_change_cb, self);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  RapportFollowUpsView *self = user_data;

  self->reload_id = 0;
  reload (self);

  return G_SOURCE_REMOVE;
}

/* Many writes in a row (an import, Undo of several) make one reload. */
static void
queue_reload (RapportFollowUpsView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }

  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static void
store_changed_cb (RapportFollowUpsView *self,
                  guint                 entity,
                  guint                 change,
                  gint64                id,
                  RapportStore         *store)
{
  if (entity == RAPPORT_ENTITY_FOLLOW_UP ||
      entity == RAPPORT_ENTITY_CUSTOMER ||
      entity == RAPPORT_ENTITY_ALL)
    queue_reload (self);
}

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (widget);
  RapportStore *store = rapport_context_get_store (self->context);
  const RapportFollowUp *follow_up = rapport_follow_ups_view_lookup (self, g_variant_get_int64 (parameter));
  g_autoptr(RapportFollowUp) next = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  Undo *undo;

  if (follow_up == NULL)
    return;

  now = rapport_context_dup_now (self->context);
  undo = undo_new (self, follow_up);

  if (!rapport_store_complete_follow_up (store, follow_up->id, now, &next, &error))
    {
      undo_free (undo, NULL);
      rapport_window_toast_error (get_root (self), _("Could not mark the follow-up done"), error);
      return;
    }

  if (next != NULL)
    {
      g_autofree char *when = rapport_format_day_time (next->due, now);

      undo->next_id = next->id;
      /* Translators: a recurring follow-up was done; %s is when the next one is due */
      title = g_markup_printf_escaped (_("Marked done, next due %s"), when);
    }
  else
    title = g_strdup (_("Marked done"));

  rapport_window_toast_for (get_root (self), rapport_section_undo_toast_new (title, G_CALLBACK (undo_done_cb), undo, undo_free));
}

static void
snooze_until (RapportFollowUpsView  *self,
              const RapportFollowUp *follow_up,
              GDateTime             *until,
              GDateTime             *now)
{
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  g_autofree char *title = NULL;
  Undo *undo = undo_new (self, follow_up);

  if (!rapport_store_snooze_follow_up (store, follow_up->id, g_date_time_to_unix (until), &error))
    {
      undo_free (undo, NULL);
      rapport_window_toast_error (get_root (self), _("Could not snooze the follow-up"), error);
      return;
    }

  when = rapport_format_day_time (g_date_time_to_unix (until), now);
  /* Translators: %s is a day and time, "Tomorrow 09:00" */
  title = g_markup_printf_escaped (_("Snoozed until %s"), when);
  rapport_window_toast_for (get_root (self), rapport_section_undo_toast_new (title, G_CALLBACK (undo_snooze_cb), undo, undo_free));
}

static void
update_snooze_dialog (RapportFollowUpsView *self)
{
  const RapportFollowUp *follow_up = rapport_follow_ups_view_lookup (self, self->snooze_id);
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->snooze_calendar);
  g_autoptr(GDateTime) target = NULL;
  gboolean ok;

  if (follow_up == NULL)
    return;

  target = rapport_snooze_target_at (now,
                                     g_date_time_get_year (day),
                                     g_date_time_get_month (day),
                                     g_date_time_get_day_of_month (day),
                                     gtk_spin_button_get_value_as_int (self->snooze_hour),
                                     gtk_spin_button_get_value_as_int (self->snooze_minute));
  ok = rapport_snooze_postpones (follow_up, now, target);

  adw_message_dialog_set_response_enabled (self->snooze_dialog, "snooze", ok);
  gtk_widget_set_visible (GTK_WIDGET (self->snooze_hint), !ok);
  if (!ok)
    {
      gint64 after = MAX (g_date_time_to_unix (now), rapport_follow_up_get_effective_due (follow_up));
      g_autofree char *when = rapport_format_day_time (after, now);
      g_autofree char *hint = g_strdup_printf (_("Pick a time after %s"), when);

      gtk_label_set_label (self->snooze_hint, hint);
    }
}

static void
snooze_dialog_changed_cb (RapportFollowUpsView *self)
{
  update_snooze_dialog (self);
}

static gboolean
snooze_spin_output_cb (GtkSpinButton *spin)
{
  char text[8];

  g_snprintf (text, sizeof text, "%02d", gtk_spin_button_get_value_as_int (spin));
  gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static void
snooze_dialog_response_cb (RapportFollowUpsView *self,
                           const char           *response)
{
  const RapportFollowUp *follow_up = rapport_follow_ups_view_lookup (self, self->snooze_id);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) target = NULL;

  self->snooze_id = 0;

  if (g_strcmp0 (response, "snooze") != 0 || follow_up == NULL)
    return;

  now = rapport_context_dup_now (self->context);
  day = gtk_calendar_get_date (self->snooze_calendar);
  target = rapport_snooze_target_at (now,
                                     g_date_time_get_year (day),
                                     g_date_time_get_month (day),
                                     g_date_time_get_day_of_month (day),
                                     gtk_spin_button_get_value_as_int (self->snooze_hour),
                                     gtk_spin_button_get_value_as_int (self->snooze_minute));

  if (rapport_snooze_postpones (follow_up, now, target))
    snooze_until (self, follow_up, target, now);
}

static void
pick_snooze_date (RapportFollowUpsView  *self,
                  const RapportFollowUp *follow_up)
{
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(GDateTime) suggestion = NULL;
  GtkRoot *root = get_root (self);

  /* The day after it is due now (or after today), at the usual hour. */
  utc = g_date_time_new_from_unix_utc (MAX (g_date_time_to_unix (now),
                                            rapport_follow_up_get_effective_due (follow_up)));
  after = g_date_time_to_timezone (utc, g_date_time_get_timezone (now));
  suggestion = g_date_time_add_days (after, 1);

  self->snooze_id = follow_up->id;
  adw_message_dialog_set_body (self->snooze_dialog, follow_up->title);
  gtk_calendar_select_day (self->snooze_calendar, suggestion);
  gtk_spin_button_set_value (self->snooze_hour, RAPPORT_SNOOZE_HOUR);
  gtk_spin_button_set_value (self->snooze_minute, 0);
  update_snooze_dialog (self);

  gtk_window_set_transient_for (GTK_WINDOW (self->snooze_dialog),
                                GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (self->snooze_dialog));
}

static void
snooze_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (widget);
  const RapportFollowUp *follow_up;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) until = NULL;
  const char *kind;
  gint64 id;

  g_variant_get (parameter, "(x&s)", &id, &kind);
  if (!(follow_up = rapport_follow_ups_view_lookup (self, id)))
    return;

  if (g_str_equal (kind, "date"))
    {
      pick_snooze_date (self, follow_up);
      return;
    }

  now = rapport_context_dup_now (self->context);
  if (g_str_equal (kind, "hour"))
    until = rapport_snooze_target (RAPPORT_SNOOZE_ONE_HOUR, now);
  else if (g_str_equal (kind, "tomorrow"))
    until = rapport_snooze_target (RAPPORT_SNOOZE_TOMORROW, now);
  else if (g_str_equal (kind, "next-week"))
    until = rapport_snooze_target (RAPPORT_SNOOZE_NEXT_WEEK, now);

  if (rapport_snooze_postpones (follow_up, now, until))
    snooze_until (self, follow_up, until, now);
}

static void
reschedule_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (widget);
  const RapportFollowUp *follow_up = rapport_follow_ups_view_lookup (self, g_variant_get_int64 (parameter));
  GtkRoot *root = get_root (self);
  GtkWindow *dialog;

  if (follow_up == NULL)
    return;

  dialog = rapport_follow_up_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         self->context, follow_up->customer_id, follow_up->id);
  gtk_window_present (dialog);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (widget);
  RapportStore *store = rapport_context_get_store (self->context);
  const RapportFollowUp *follow_up = rapport_follow_ups_view_lookup (self, g_variant_get_int64 (parameter));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  Undo *undo;

  if (follow_up == NULL)
    return;

  undo = undo_new (self, follow_up);
  if (!rapport_store_delete_follow_up (store, follow_up->id, &error))
    {
      undo_free (undo, NULL);
      rapport_window_toast_error (get_root (self), _("Could not delete the follow-up"), error);
      return;
    }

  /* Translators: %s is the follow-up's title */
  title = g_markup_printf_escaped (_("“%s” deleted"), undo->before->title);
  rapport_window_toast_for (get_root (self), rapport_section_undo_toast_new (title, G_CALLBACK (undo_delete_cb), undo, undo_free));
}

typedef struct
{
  RapportStore    *store;
  GWeakRef         window;
  gint64           follow_up_id;
} Assign;

static void
assign_free (gpointer data)
{
  Assign *assign = data;

  g_clear_object (&assign->store);
  g_weak_ref_clear (&assign->window);
  g_free (assign);
}

static void
assign_chosen_cb (gint64   customer_id,
                  gpointer user_data)
{
  Assign *assign = user_data;
  g_autoptr(GtkRoot) root = g_weak_ref_get (&assign->window);
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!rapport_store_assign_follow_up (assign->store, assign->follow_up_id, customer_id, &error) ||
      !(customer = rapport_store_get_customer (assign->store, customer_id, &error)))
    {
      rapport_window_toast_error (root, _("Could not assign the follow-up"), error);
      return;
    }

  /* Translators: %s is a customer's name */
  title = g_markup_printf_escaped (_("Assigned to %s"), customer->display_name);
  rapport_window_toast_for (root, adw_toast_new (title));
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (widget);
  const RapportFollowUp *follow_up = rapport_follow_ups_view_lookup (self, g_variant_get_int64 (parameter));
  Assign *assign;

  if (follow_up == NULL)
    return;

  assign = g_new0 (Assign, 1);
  assign->store = g_object_ref (rapport_context_get_store (self->context));
  g_weak_ref_init (&assign->window, get_root (self));
  assign->follow_up_id = follow_up->id;

  rapport_customer_chooser_present (GTK_WINDOW (get_root (self)), assign->store,
                                    _("Assign to a Customer"), follow_up->title, NULL, _("_Assign"),
                                    assign_chosen_cb, assign, assign_free);
}

static void
show_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (widget);
  guint range = g_variant_get_uint32 (parameter);

  g_return_if_fail (range < N_LISTS);

  self->groups[range].limit += RAPPORT_DUE_PAGE;
  reload (self);
}

static void
rapport_follow_ups_view_map (GtkWidget *widget)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (widget);

  GTK_WIDGET_CLASS (rapport_follow_ups_view_parent_class)->map (widget);

  if (self->dirty)
    reload (self);
}

static void
rapport_follow_ups_view_constructed (GObject *object)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (object);

  G_OBJECT_CLASS (rapport_follow_ups_view_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_CONTEXT (self->context));

  g_signal_connect_object (rapport_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
rapport_follow_ups_view_dispose (GObject *object)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->next_change_id, g_source_remove);

  /* A toplevel: the template does not own it the way it owns children. */
  if (self->snooze_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->snooze_dialog));

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_FOLLOW_UPS_VIEW);
  /* Unbound template children too: the layout manager holds them. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->listed, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_follow_ups_view_parent_class)->dispose (object);
}

static void
rapport_follow_ups_view_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_follow_ups_view_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_NARROW:
      if (self->narrow != g_value_get_boolean (value))
        {
          self->narrow = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_follow_ups_view_class_init (RapportFollowUpsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_follow_ups_view_constructed;
  object_class->dispose = rapport_follow_ups_view_dispose;
  object_class->get_property = rapport_follow_ups_view_get_property;
  object_class->set_property = rapport_follow_ups_view_set_property;

  widget_class->map = rapport_follow_ups_view_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-follow-ups-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, title);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, unassigned_group);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, unassigned_count);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, unassigned_list);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, overdue_group);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, overdue_count);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, overdue_list);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, today_group);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, today_count);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, today_list);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, upcoming_group);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, upcoming_count);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, upcoming_list);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, snooze_dialog);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, snooze_calendar);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, snooze_hour);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, snooze_minute);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpsView, snooze_hint);
  gtk_widget_class_bind_template_callback (widget_class, snooze_dialog_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, snooze_dialog_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, snooze_spin_output_cb);

  gtk_widget_class_install_action (widget_class, "follow-up.done", "x", done_action);
  gtk_widget_class_install_action (widget_class, "follow-up.snooze", "(xs)", snooze_action);
  gtk_widget_class_install_action (widget_class, "follow-up.reschedule", "x", reschedule_action);
  gtk_widget_class_install_action (widget_class, "follow-up.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "follow-up.open-customer", "x", rapport_section_open_customer);
  gtk_widget_class_install_action (widget_class, "follow-up.assign", "x", assign_action);
  gtk_widget_class_install_action (widget_class, "follow-up.show-more", "u", show_more_action);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rapport_follow_ups_view_init (RapportFollowUpsView *self)
{
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->listed = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify) rapport_follow_up_free);
  self->dirty = TRUE;
  self->pending_scroll = -1;

  self->groups[RAPPORT_DUE_OVERDUE] = (DueGroup) { self->overdue_group, self->overdue_count,
                                                   self->overdue_list, RAPPORT_DUE_PAGE, 0 };
  self->groups[RAPPORT_DUE_TODAY] = (DueGroup) { self->today_group, self->today_count,
                                                 self->today_list, RAPPORT_DUE_PAGE, 0 };
  self->groups[RAPPORT_DUE_UPCOMING] = (DueGroup) { self->upcoming_group, self->upcoming_count,
                                                    self->upcoming_list, RAPPORT_DUE_PAGE, 0 };
  self->groups[GROUP_UNASSIGNED] = (DueGroup) { self->unassigned_group, self->unassigned_count,
                                                self->unassigned_list, RAPPORT_DUE_PAGE, 0 };

  /* The lists are rebuilt on every change; the scroll position stays
   * once the new rows have their size. */
  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (adjustment_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
rapport_follow_ups_view_new (RapportContext *context)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);

  return g_object_new (RAPPORT_TYPE_FOLLOW_UPS_VIEW,
                       "context", context,
                       NULL);
}
