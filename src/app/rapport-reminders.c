/* rapport-reminders.c
 *
 * The timer is a timerfd on CLOCK_REALTIME, armed with an absolute time
 * and TFD_TIMER_CANCEL_ON_SET: it fires at the wall-clock moment even
 * when the machine slept through part of the wait (a monotonic timeout
 * would be late by the time asleep), and it wakes early with ECANCELED
 * when the clock is set, so a changed clock is looked at at once. It is
 * always armed, at the latest RECHECK_SECONDS ahead, so nothing depends
 * on a single wake-up.
 *
 * Writes by another process (rapportctl, a sync) show up as changes of
 * the database's write-ahead log, which a file monitor reports; writes by
 * this process come through the store's ::changed. Both are looked at
 * after a short pause, once per burst.
 */

#define G_LOG_DOMAIN "rapport-reminders"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "rapport-reminders.h"
#include "rapport-schedule.h"
#include "rapport-store-notices.h"

#define RECHECK_SECONDS  (6 * 60 * 60)
#define RETRY_SECONDS    60
#define DEBOUNCE_MS      250

struct _RapportReminders
{
  GObject           parent_instance;

  GApplication     *application;    /* weak: it owns us */
  RapportContext   *context;
  RapportScheduler *scheduler;

  int               timer_fd;
  guint             timer_source;
  gint64            armed_at;

  GFileMonitor     *wal_monitor;
  guint             debounce_source;
  gulong            changed_handler;
  gulong            settings_handler;

  GCancellable     *cancellable;
  GDBusConnection  *system_bus;
  guint             sleep_subscription;
};

G_DEFINE_FINAL_TYPE (RapportReminders, rapport_reminders, G_TYPE_OBJECT)

char *
rapport_reminders_notification_id (RapportReminderKind kind,
                                   gint64              ref_id)
{
  static const char *const prefixes[] = { "follow-up", "renewal", "stay-in-touch" };

  g_return_val_if_fail (kind <= RAPPORT_REMINDER_STAY_IN_TOUCH, NULL);

  return g_strdup_printf ("%s-%" G_GINT64_FORMAT, prefixes[kind], ref_id);
}

static GNotification *
build_one (const RapportReminder *reminder,
           GDateTime             *now)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  g_autofree char *title = NULL;

  switch (reminder->kind)
    {
    case RAPPORT_REMINDER_FOLLOW_UP:
      /* A follow-up of no customer yet is named by its title alone. */
      notification = g_notification_new (reminder->customer_name != NULL ? reminder->customer_name
                                                                         : _("No customer yet"));
      when = rapport_format_day_time (reminder->moment, now);
      /* Translators: a follow-up's title and when it is due: "Send the quote\nDue Today 14:30" */
      body = g_strdup_printf (_("%s\nDue %s"), reminder->title, when);
      g_notification_set_body (notification, body);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      g_notification_add_button_with_target (notification, _("Snooze 1 Hour"),
                                             "app.follow-up-snooze", "x", reminder->ref_id);
      g_notification_add_button_with_target (notification, _("Done"),
                                             "app.follow-up-done", "x", reminder->ref_id);
      if (reminder->customer_id != 0)
        g_notification_set_default_action_and_target (notification, "app.open-customer",
                                                      "x", reminder->customer_id);
      else
        g_notification_set_default_action_and_target (notification, "app.open-section", "s", "follow-ups");
      break;

    case RAPPORT_REMINDER_RENEWAL:
      /* Translators: the notification's title, with the customer's name */
      title = g_strdup_printf (_("Renewal notice due for %s"), reminder->customer_name);
      notification = g_notification_new (title);
      when = rapport_format_date (reminder->date);
      /* Translators: a contract's product and its end date: "Support plan ends on 24 Dec 2026" */
      body = g_strdup_printf (_("%s ends on %s. The notice is ready to send."), reminder->title, when);
      g_notification_set_body (notification, body);
      g_notification_add_button_with_target (notification, _("Open Renewals"),
                                             "app.open-section", "s", "renewals");
      g_notification_set_default_action_and_target (notification, "app.open-section", "s", "renewals");
      break;

    case RAPPORT_REMINDER_STAY_IN_TOUCH:
      /* Translators: the notification's title, with the customer's name */
      title = g_strdup_printf (_("Stay in touch with %s"), reminder->customer_name);
      notification = g_notification_new (title);
      body = g_strdup_printf (ngettext ("No contact for %d day. Plan a follow-up?",
                                        "No contact for %d days. Plan a follow-up?",
                                        reminder->days),
                              reminder->days);
      g_notification_set_body (notification, body);
      g_notification_add_button_with_target (notification, _("Plan Follow-up"),
                                             "app.plan-follow-up", "x", reminder->customer_id);
      g_notification_set_default_action_and_target (notification, "app.open-customer",
                                                    "x", reminder->customer_id);
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  return g_steal_pointer (&notification);
}

GNotification *
rapport_reminders_build_notification (GPtrArray  *reminders,
                                      GDateTime  *now,
                                      char      **id)
{
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) names = NULL;
  g_autofree char *title = NULL;
  guint n_follow_ups = 0;
  guint shown;

  g_return_val_if_fail (reminders != NULL && reminders->len > 0, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (reminders->len <= RAPPORT_REMINDERS_SUMMARY_AFTER)
    {
      const RapportReminder *reminder = g_ptr_array_index (reminders, 0);

      g_return_val_if_fail (reminders->len == 1, NULL);

      *id = rapport_reminders_notification_id (reminder->kind, reminder->ref_id);
      return build_one (reminder, now);
    }

  for (guint i = 0; i < reminders->len; i++)
    if (((RapportReminder *) g_ptr_array_index (reminders, i))->kind == RAPPORT_REMINDER_FOLLOW_UP)
      n_follow_ups++;

  title = g_strdup_printf (ngettext ("%u reminder is due", "%u reminders are due", reminders->len),
                           reminders->len);
  notification = g_notification_new (title);

  names = g_string_new (NULL);
  shown = MIN (reminders->len, 3);
  for (guint i = 0; i < shown; i++)
    {
      const RapportReminder *reminder = g_ptr_array_index (reminders, i);

      if (i > 0)
        /* Translators: the separator between customer names in a list */
        g_string_append (names, _(", "));
      g_string_append (names, reminder->customer_name != NULL ? reminder->customer_name : reminder->title);
    }
  if (reminders->len > shown)
    {
      guint more = reminders->len - shown;

      g_string_append (names, " ");
      /* Translators: after a list of three customer names: "and 4 more" */
      g_string_append_printf (names, ngettext ("and %u more", "and %u more", more), more);
    }

  g_notification_set_body (notification, names->str);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);

  /* Mostly follow-ups: open those; else the renewals. */
  if (n_follow_ups * 2 >= reminders->len)
    {
      g_notification_add_button_with_target (notification, _("Open Follow-ups"),
                                             "app.open-section", "s", "follow-ups");
      g_notification_set_default_action_and_target (notification, "app.open-section", "s", "follow-ups");
    }
  else
    {
      g_notification_add_button_with_target (notification, _("Open Renewals"),
                                             "app.open-section", "s", "renewals");
      g_notification_set_default_action_and_target (notification, "app.open-section", "s", "renewals");
    }

  *id = g_strdup ("reminders");
  return g_steal_pointer (&notification);
}

static void
send_all (RapportReminders *self,
          GPtrArray        *due,
          GDateTime        *now)
{
  if (due->len == 0)
    return;

  if (due->len > RAPPORT_REMINDERS_SUMMARY_AFTER)
    {
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *id = NULL;

      notification = rapport_reminders_build_notification (due, now, &id);
      g_application_send_notification (self->application, id, notification);
      return;
    }

  for (guint i = 0; i < due->len; i++)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *id = NULL;

      g_ptr_array_add (one, g_ptr_array_index (due, i));
      notification = rapport_reminders_build_notification (one, now, &id);
      g_application_send_notification (self->application, id, notification);
    }
}

/* The timer ------------------------------------------------------------- */

static void
arm (RapportReminders *self,
     gint64            moment)
{
  struct itimerspec spec = { 0 };

  if (self->timer_fd < 0)
    return;

  spec.it_value.tv_sec = moment;
  if (timerfd_settime (self->timer_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, NULL) != 0)
    {
      int saved = errno;

      g_warning ("Cannot arm the reminder timer: %s", g_strerror (saved));
      return;
    }

  self->armed_at = moment;
  g_debug ("Next look at %" G_GINT64_FORMAT, moment);
}

static void
update_notify_time (RapportReminders *self)
{
  GSettings *settings = rapport_context_get_settings (self->context);
  int start = g_settings_get_int (settings, "work-day-start");

  rapport_scheduler_set_notify_time (self->scheduler, start / 60, start % 60);
}

/* The notices due today are written before their reminders go out, so a
 * renewal reminder always has its notice ready, also with no window. */
static void
prepare_notices (RapportReminders *self,
                 GDateTime        *now)
{
  const RapportNoticeTextOptions options = { 0 };
  g_autoptr(GDateTime) local = g_date_time_to_local (now);
  g_autoptr(GError) error = NULL;
  g_autofree char *today = g_date_time_format (local, "%Y-%m-%d");

  if (!rapport_store_process_renewals (rapport_context_get_store (self->context), today, &options, NULL, &error))
    g_warning ("Cannot prepare the renewal notices: %s", error->message);
}

void
rapport_reminders_check (RapportReminders *self)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now_unix;
  gint64 next;

  g_return_if_fail (RAPPORT_IS_REMINDERS (self));

  now = rapport_scheduler_dup_now (self->scheduler);
  now_unix = g_date_time_to_unix (now);

  if (!g_settings_get_boolean (rapport_context_get_settings (self->context), "reminder-notifications"))
    {
      /* Still armed, to see the setting's change through ::changed and
       * nothing else; what falls due meanwhile comes when it is on. */
      arm (self, now_unix + RECHECK_SECONDS);
      return;
    }

  update_notify_time (self);
  prepare_notices (self, now);

  if (!(due = rapport_scheduler_take_due (self->scheduler, &error)))
    {
      /* A locked or full database: look again soon. */
      g_warning ("Cannot read the due reminders: %s", error->message);
      arm (self, now_unix + RETRY_SECONDS);
      return;
    }

  send_all (self, due, now);

  next = rapport_scheduler_get_next (self->scheduler, &error);
  if (error != NULL)
    {
      g_warning ("Cannot find the next reminder: %s", error->message);
      arm (self, now_unix + RETRY_SECONDS);
      return;
    }

  if (next == 0 || next > now_unix + RECHECK_SECONDS)
    next = now_unix + RECHECK_SECONDS;

  arm (self, next);
}

static gboolean
timer_fired (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  RapportReminders *self = user_data;
  guint64 expirations;
  ssize_t n;

  n = read (fd, &expirations, sizeof expirations);
  if (n < 0 && errno == ECANCELED)
    g_debug ("The clock was set; looking again");

  rapport_reminders_check (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
debounced_check (gpointer user_data)
{
  RapportReminders *self = user_data;

  self->debounce_source = 0;
  rapport_reminders_check (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_check (RapportReminders *self)
{
  if (self->debounce_source == 0)
    self->debounce_source = g_timeout_add (DEBOUNCE_MS, debounced_check, self);
}

static void
store_changed (RapportReminders *self)
{
  schedule_check (self);
}

static void
wal_changed (GFileMonitor      *monitor,
             GFile             *file,
             GFile             *other,
             GFileMonitorEvent  event,
             gpointer           user_data)
{
  if (event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT ||
      event == G_FILE_MONITOR_EVENT_CHANGED ||
      event == G_FILE_MONITOR_EVENT_CREATED)
    schedule_check (user_data);
}

static void
settings_changed (GSettings  *settings,
                  const char *key,
                  gpointer    user_data)
{
  if (g_str_equal (key, "reminder-notifications") || g_str_equal (key, "work-day-start"))
    schedule_check (user_data);
}

/* logind says PrepareForSleep (false) on resume. */
static void
prepare_for_sleep (GDBusConnection *connection,
                   const char      *sender,
                   const char      *path,
                   const char      *interface,
                   const char      *signal,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  gboolean going;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;

  g_variant_get (parameters, "(b)", &going);
  if (!going)
    schedule_check (user_data);
}

static void
system_bus_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportReminders) self = user_data;
  GDBusConnection *bus;

  /* No system bus (a container, a test): the timer alone still fires
   * after a resume, since it waits on the wall clock. */
  if (!(bus = g_bus_get_finish (result, &error)))
    {
      g_debug ("No system bus: %s", error->message);
      return;
    }

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (bus);
      return;
    }

  self->system_bus = bus;
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (bus,
                                        "org.freedesktop.login1",
                                        "org.freedesktop.login1.Manager",
                                        "PrepareForSleep",
                                        "/org/freedesktop/login1",
                                        NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        prepare_for_sleep, self, NULL);
}

void
rapport_reminders_withdraw (RapportReminders    *self,
                            RapportReminderKind  kind,
                            gint64               ref_id)
{
  g_autofree char *id = NULL;

  g_return_if_fail (RAPPORT_IS_REMINDERS (self));

  id = rapport_reminders_notification_id (kind, ref_id);
  g_application_withdraw_notification (self->application, id);
}

gint64
rapport_reminders_get_armed_at (RapportReminders *self)
{
  g_return_val_if_fail (RAPPORT_IS_REMINDERS (self), 0);

  return self->armed_at;
}

static void
rapport_reminders_dispose (GObject *object)
{
  RapportReminders *self = (RapportReminders *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_source, g_source_remove);
  g_clear_handle_id (&self->debounce_source, g_source_remove);
  if (self->timer_fd >= 0)
    {
      close (self->timer_fd);
      self->timer_fd = -1;
    }

  if (self->wal_monitor != NULL)
    {
      g_file_monitor_cancel (self->wal_monitor);
      g_clear_object (&self->wal_monitor);
    }

  if (self->context != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, rapport_context_get_store (self->context));
      g_clear_signal_handler (&self->settings_handler, rapport_context_get_settings (self->context));
    }

  if (self->system_bus != NULL && self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);

  g_clear_object (&self->scheduler);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_reminders_parent_class)->dispose (object);
}

static void
rapport_reminders_finalize (GObject *object)
{
  RapportReminders *self = (RapportReminders *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rapport_reminders_parent_class)->finalize (object);
}

static void
rapport_reminders_class_init (RapportRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_reminders_dispose;
  object_class->finalize = rapport_reminders_finalize;
}

static void
rapport_reminders_init (RapportReminders *self)
{
  self->timer_fd = -1;
  self->cancellable = g_cancellable_new ();
}

RapportReminders *
rapport_reminders_new (GApplication   *application,
                       RapportContext *context)
{
  RapportReminders *self;
  RapportStore *store;
  const char *path;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);

  self = g_object_new (RAPPORT_TYPE_REMINDERS, NULL);
  self->application = application;
  self->context = g_object_ref (context);
  store = rapport_context_get_store (context);
  self->scheduler = rapport_scheduler_new (store, NULL);

  self->timer_fd = timerfd_create (CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK);
  if (self->timer_fd < 0)
    {
      int saved = errno;

      /* Without a timer nothing fires on time: say so loudly. */
      g_critical ("Cannot create the reminder timer: %s", g_strerror (saved));
    }
  else
    self->timer_source = g_unix_fd_add (self->timer_fd, G_IO_IN, timer_fired, self);

  self->changed_handler = g_signal_connect_swapped (store, "changed", G_CALLBACK (store_changed), self);
  self->settings_handler = g_signal_connect (rapport_context_get_settings (context), "changed",
                                             G_CALLBACK (settings_changed), self);

  path = rapport_store_get_path (store);
  if (path != NULL)
    {
      g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
      g_autoptr(GFile) wal = g_file_new_for_path (wal_path);
      g_autoptr(GError) error = NULL;

      self->wal_monitor = g_file_monitor_file (wal, G_FILE_MONITOR_NONE, self->cancellable, &error);
      if (self->wal_monitor != NULL)
        g_signal_connect (self->wal_monitor, "changed", G_CALLBACK (wal_changed), self);
      else
        g_debug ("Cannot watch %s: %s", wal_path, error->message);
    }

  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_ready, g_object_ref (self));

  return self;
}
