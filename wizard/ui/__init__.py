"""The Textual front end. Screens render state and post results; the logic is in wizard.flow.wizard_flow and steps/."""
