"""The Textual front end. Screens render state and post results; the logic is in wizard.flow and steps/."""
