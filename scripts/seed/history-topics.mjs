/**
 * What the generated history is about: the kinds of request each demo team hears (category, title,
 * description, and the reply that fixed it) and the stock sentences of a conversation. Tickets draw
 * from these, so titles repeat over the month, as they do on a real desk.
 */

const t = (category, title, description, fix) => ({ category, title, description, fix });

export const TOPICS = {
  OPS: [
    t("network", "VPN will not connect", "The VPN client stops at \"negotiating\" and gives up after a minute.", "Your VPN profile had expired; I pushed a new one. Please restart the client."),
    t("network", "Wi-Fi drops in the meeting rooms", "Laptops lose the corporate Wi-Fi in the meeting rooms on floor 2.", "One access point had a failing radio; it is replaced and the rooms are covered again."),
    t("network", "Cannot reach the intranet", "The intranet times out from my desk, other sites load fine.", "A stale proxy setting on your machine; cleared it remotely."),
    t("network", "Slow network at the warehouse", "Scanners at the warehouse take seconds to book each item.", "The uplink was negotiated at 100 Mbit/s; the port is fixed at 1 Gbit/s now."),
    t("network", "New network port for a desk", "The new desk by the window needs a live network port.", "Port 2-17 is patched and live."),
    t("network", "Firewall blocks the supplier portal", "The supplier portal shows a certificate error and the firewall log shows drops.", "Added the supplier's new address range to the allow list."),
    t("hardware", "Laptop fan is very loud", "The fan runs at full speed even when the laptop is idle.", "Cleaned the fan and updated the BIOS; it is quiet again."),
    t("hardware", "Monitor flickers", "The second monitor flickers every few seconds.", "Swapped the DisplayPort cable; the flicker is gone."),
    t("hardware", "Printer shows paper jam with no paper in it", "The printer on floor 1 reports a jam in tray 1 but the tray is clear.", "A torn scrap sat behind the fuser; removed it and ran a test page."),
    t("hardware", "Docking station loses the screens", "After lunch the dock stops driving both external screens until I unplug it.", "Updated the dock's firmware; please tell us if it happens again."),
    t("hardware", "New starter needs a laptop", "A new colleague starts on Monday and needs a standard laptop.", "Laptop imaged, enrolled and handed over at the IT desk."),
    t("hardware", "Phone headset not recognized", "My USB headset is not listed as an audio device any more.", "Replaced the headset; the old one had a broken connector."),
    t("software", "Backup job failed overnight", "The nightly backup of the file server reports a failure.", "The backup target ran out of space; old restore points are pruned and the job reran fine."),
  ],
  DESK: [
    t("access", "Password reset", "I forgot my password after the holidays and am locked out.", "Password reset; you will be asked to choose a new one at sign-in."),
    t("access", "Access to the sales share", "Please give me read access to the sales share for the quarterly figures.", "Added you to the sales readers group; sign out and in again to see the share."),
    t("access", "MFA prompt never arrives", "The sign-in waits for an MFA prompt that never shows up on my phone.", "Re-registered your authenticator app; prompts arrive again."),
    t("access", "Account for a contractor", "A contractor joins the project for three months and needs an account.", "Account created with an end date; the details went to the contractor's manager."),
    t("access", "Remove access of a leaver", "A colleague left on Friday; please remove their access.", "All accounts disabled and the mailbox converted to shared."),
    t("software", "Outlook keeps asking for the password", "Outlook prompts for my password every few minutes.", "Removed the cached credentials and rebuilt your profile."),
    t("software", "Excel crashes when opening a file", "Excel closes as soon as I open the monthly report.", "A broken add-in crashed Excel; it is disabled now."),
    t("software", "Install a PDF editor", "I need to edit PDF forms for the tender documents.", "Installed the PDF editor from the software centre."),
    t("software", "Teams shows me offline", "Colleagues see me as offline although I am in Teams all day.", "Cleared the Teams cache; your status syncs again."),
    t("software", "ERP report shows no data", "The open-orders report in the ERP is empty since this morning.", "The report's data source pointed at last year's period; corrected it."),
    t("software", "Calendar not syncing to the phone", "New meetings do not show up on my phone's calendar.", "Re-added the account on the phone; the calendar syncs again."),
    t("software", "Licence for the design tool", "I need a licence for the design tool for the new brochure.", "Licence assigned; sign in to the design tool with your work account."),
  ],
};

export const CUSTOMERS = ["Globex", "Initech", "Umbrella"];

/** The stock sentences of a ticket's conversation, by who says them and when. */
export const SAY = {
  acknowledge: [
    "Thanks, I am on it.",
    "I have picked this up and will get back to you shortly.",
    "Looking into it now.",
    "Thanks for the report; checking what happened.",
  ],
  internal: [
    "Same symptom as last week's ticket; probably the same cause.",
    "Checked the monitoring; nothing else is affected.",
    "Need the vendor's input if the first fix does not help.",
    "Asked a colleague from the other team for a second opinion.",
  ],
  waiting: [
    "Could you send a screenshot of the error? I will continue once I have it.",
    "The part is ordered; we are waiting for the vendor to ship it.",
    "Could you tell me when you are at your desk, so I can connect remotely?",
    "We need your manager's approval before we can go on; I have asked for it.",
  ],
  reply: ["Here it is, attached.", "I am at my desk now.", "Approval given by my manager.", "Here is the screenshot."],
  thanks: ["Works again, thank you!", "Thanks, all good now.", "Confirmed, thank you."],
  again: ["It is happening again since this morning.", "Sorry, the problem is back.", "It worked for a day, now it fails again."],
  stalled: ["The replacement is on back order; the vendor has no date yet.", "Waiting for the vendor's next delivery window."],
};
